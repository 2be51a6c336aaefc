from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmpose.registry import METRICS
from terminaltables import AsciiTable

from mmfashion_lm.datasets.keypoint_visibility import visibility_mask
from ..functional import normalized_error, percentage_detected


@METRICS.register_module()
class FashionNEMetric(BaseMetric):
    """Normalised error (NE) of fashion landmarks, per landmark and averaged,
    and optionally the percentage of detected landmarks (PDL), under the
    literature's protocol (docs/metrics.md).

    See :func:`mmfashion_lm.evaluation.functional.normalized_error` for the
    definitions. Each data sample holds the instances of one image (one for a
    top-down model); the metric reads

    - ``pred_instances.keypoints``: (n, K, 2) predictions in original image
      pixels;
    - ``gt_instances.keypoints``: (n, K, 2) ground truth, same space;
    - ``gt_instances.keypoints_visibility``: (n, K) COCO flags (2 visible,
      1 occluded, 0 absent), which :class:`LoadKeypointVisibility` and
      :class:`PackFashionInputs` put there (mmpose's ``keypoints_visible``
      cannot tell occluded from visible landmarks);
    - the evaluated frame: ``ori_shape`` (h, w) of the sample
      (``'image'``), or the ground-truth box (``'bbox'`` and ``'area'``):
      ``raw_ann_info['bbox']`` (the annotation's own box, packed by
      mmpose's ``PackPoseInputs``), else ``gt_instances.bboxes`` (n, 4)
      xyxy.

    A landmark counts where its flag is selected by ``visibility`` and its
    ground truth lies inside the evaluated frame (the image, or the box
    that the DeepFashion protocol crops).

    Args:
        visibility (str): Which landmarks count. ``'visible'``: flag 2 only,
            the default of the DeepFashion protocol (Liu & Lu, ECCV-W 2018)
            and of the FLD / SANL / LGR numbers; ``'in_picture'``: flags 1
            and 2, occluded landmarks too. Defaults to ``'visible'``.
        norm_mode (str): The evaluated frame, whose size a distance is
            normalised by. ``'image'``: the original image (x by w, y by h),
            FLD's garment-centred images; ``'bbox'``: the ground-truth box,
            DeepFashion-C's protocol (crop by the box, resize); ``'area'``:
            the square root of the box area, one scale for both axes
            (MetaCloth's sqrt(garment area), with the box for the garment).
            Defaults to ``'image'``.
        pdl_thr (float, optional): Normalised distance within which a
            landmark is detected; PDL is reported when given. Defaults to
            None.
        collect_device (str): Device used to collect results across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the metric names. Defaults to
            None.

    Returns (from :meth:`compute_metrics`):
        ``'NE'`` and ``'NE/<landmark name>'`` (NaN for a landmark that never
        counts), plus ``'PDL'`` and ``'PDL/<landmark name>'`` when
        ``pdl_thr`` is set; landmark names come from
        ``dataset_meta['keypoint_id2name']``. A per-landmark table with the
        number of landmarks counted is logged.
    """

    NORM_MODES = ('image', 'bbox', 'area')

    def __init__(self,
                 visibility: str = 'visible',
                 norm_mode: str = 'image',
                 pdl_thr: Optional[float] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if norm_mode not in self.NORM_MODES:
            raise ValueError(f'norm_mode must be one of {self.NORM_MODES}, '
                             f'got {norm_mode!r}')
        visibility_mask(np.zeros(0), visibility)  # validates the name
        self.visibility = visibility
        self.norm_mode = norm_mode
        self.pdl_thr = pdl_thr

    def _frames(self, data_sample: dict, num_instances: int) -> np.ndarray:
        """(n, 4) xyxy evaluated frame of each instance of one sample: the
        image, or the annotation's own box (``raw_ann_info``, COCO xywh;
        mmpose's ``gt_instances.bboxes`` are clipped to the image, a pixel
        short at its right and bottom edges, and serve only where the raw
        annotation is not packed)."""
        if self.norm_mode == 'image':
            height, width = data_sample['ori_shape'][:2]
            return np.tile([0., 0., width, height], (num_instances, 1))
        annotations = data_sample.get('raw_ann_info')
        if annotations is None:
            return np.asarray(data_sample['gt_instances']['bboxes'],
                              np.float64)
        if isinstance(annotations, dict):
            annotations = [annotations]
        boxes = np.array([ann['bbox'] for ann in annotations], np.float64)
        return np.concatenate([boxes[:, :2], boxes[:, :2] + boxes[:, 2:]],
                              axis=1)

    def _norm_size(self, frames: np.ndarray) -> np.ndarray:
        """(n, 2) widths and heights, or (n,) scales, of the frames."""
        sizes = frames[:, 2:4] - frames[:, 0:2]
        if self.norm_mode == 'area':
            return np.sqrt(sizes.prod(axis=1))
        return sizes

    def process(self, data_batch: Sequence[dict],
                data_samples: Sequence[dict]) -> None:
        """Collect the predictions, ground truth, the landmarks that count
        and the normalisation of a batch of data samples (see the class
        doc)."""
        for data_sample in data_samples:
            pred = np.asarray(data_sample['pred_instances']['keypoints'])
            gt_instances = data_sample['gt_instances']
            gt = np.asarray(gt_instances['keypoints'])
            if pred.shape != gt.shape:
                raise ValueError(
                    f'pred_instances.keypoints {pred.shape} and '
                    f'gt_instances.keypoints {gt.shape} must match: the '
                    f'metric pairs instances by index (a top-down model)')
            if 'keypoints_visibility' not in gt_instances:
                raise KeyError(
                    'FashionNEMetric needs gt_instances.keypoints_visibility '
                    '(the COCO visibility flags): add '
                    "dict(type='LoadKeypointVisibility') first in the test "
                    "pipeline and pack with dict(type='PackFashionInputs') "
                    f"(sample {data_sample.get('img_path')})")
            counted = visibility_mask(
                np.asarray(gt_instances['keypoints_visibility']),
                self.visibility)
            frames = self._frames(data_sample, len(gt))
            inside = ((gt >= frames[:, None, 0:2]) &
                      (gt <= frames[:, None, 2:4])).all(axis=-1)
            self.results.append(
                dict(
                    pred=pred,
                    gt=gt,
                    visible=counted & inside,
                    norm_size=self._norm_size(frames)))

    def _landmark_names(self, num_keypoints: int) -> List[str]:
        id2name = (self.dataset_meta or {}).get('keypoint_id2name', {})
        return [id2name.get(k, str(k)) for k in range(num_keypoints)]

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Compute NE (and PDL) over all collected instances and log the
        per-landmark table."""
        inputs = {
            key: np.concatenate([result[key] for result in results])
            for key in ('pred', 'gt', 'visible', 'norm_size')
        }
        per_landmark = {}
        metrics = {}
        per_landmark['NE'], metrics['NE'] = normalized_error(**inputs)
        if self.pdl_thr is not None:
            per_landmark['PDL'], metrics['PDL'] = percentage_detected(
                **inputs, thr=self.pdl_thr)

        names = self._landmark_names(inputs['gt'].shape[1])
        counts = inputs['visible'].sum(axis=0)
        table = [['landmark', *per_landmark, 'counted']]
        for k, name in enumerate(names):
            table.append([
                name,
                *(f'{values[k]:.4f}' for values in per_landmark.values()),
                str(counts[k])
            ])
            for key, values in per_landmark.items():
                metrics[f'{key}/{name}'] = float(values[k])
        table.append([
            'overall', *(f'{metrics[key]:.4f}' for key in per_landmark),
            str(counts.sum())
        ])
        MMLogger.get_current_instance().info(
            f'Fashion landmark errors ({self.visibility} landmarks, '
            f'normalised by {self.norm_mode}):\n' +
            AsciiTable(table).table)
        return metrics
