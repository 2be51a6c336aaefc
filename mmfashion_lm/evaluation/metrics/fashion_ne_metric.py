from typing import Dict, List, Optional, Sequence, Tuple

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

    Bottom-up predictions (``instance_mode='best_score'``): a bottom-up
    model may find several garments, or none, in an image that annotates
    one. The prediction scored is the instance of highest
    ``pred_instances.bbox_scores`` (the mean of its ``keypoint_scores``
    when the model gives no instance score), as seed 003 (section 4.2.4)
    does on the image cropped by the ground-truth box
    (:class:`~mmfashion_lm.datasets.BottomupBoxCrop`). When no instance is
    predicted, every landmark is predicted at the evaluated frame's origin,
    its top-left corner (the crop's pixel (0, 0); ``(0, 0)`` of the image
    with ``norm_mode='image'``), so that a missed garment counts with the
    error of a prediction at (0, 0), as the paper's Table 3 scores its model
    "without artificial skeleton"; the number of such samples is logged.

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
        instance_mode (str): How predictions pair with the ground truth.
            ``'paired'``: instance ``i`` with instance ``i`` (a top-down
            model); ``'best_score'``: the highest-scoring predicted instance
            with the one annotated garment, the frame's origin when none is
            predicted (a bottom-up model, see above). Defaults to
            ``'paired'``.
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
    INSTANCE_MODES = ('paired', 'best_score')

    def __init__(self,
                 visibility: str = 'visible',
                 norm_mode: str = 'image',
                 pdl_thr: Optional[float] = None,
                 instance_mode: str = 'paired',
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if norm_mode not in self.NORM_MODES:
            raise ValueError(f'norm_mode must be one of {self.NORM_MODES}, '
                             f'got {norm_mode!r}')
        if instance_mode not in self.INSTANCE_MODES:
            raise ValueError(f'instance_mode must be one of '
                             f'{self.INSTANCE_MODES}, got {instance_mode!r}')
        visibility_mask(np.zeros(0), visibility)  # validates the name
        self.visibility = visibility
        self.norm_mode = norm_mode
        self.pdl_thr = pdl_thr
        self.instance_mode = instance_mode

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

    def _predictions(
            self, data_sample: dict, gt: np.ndarray,
            frames: np.ndarray) -> Tuple[np.ndarray, np.ndarray, bool]:
        """The predicted keypoints (n, K, 2) and their scores (n, K) paired
        with the n ground-truth instances of one sample (``instance_mode``;
        scores 1 where the model gives none, 0 at the origin fill), and
        whether the garment was missed (no instance predicted)."""
        pred_instances = data_sample['pred_instances']
        num_keypoints = gt.shape[1]
        if self.instance_mode == 'paired':
            pred = np.asarray(pred_instances['keypoints'])
            if pred.shape != gt.shape:
                raise ValueError(
                    f'pred_instances.keypoints {pred.shape} and '
                    f'gt_instances.keypoints {gt.shape} must match: the '
                    f'metric pairs instances by index (a top-down model; '
                    f"a bottom-up one needs instance_mode='best_score')")
            scores = np.asarray(
                pred_instances.get('keypoint_scores',
                                   np.ones(pred.shape[:2])))
            return pred, scores, False

        if len(gt) != 1:
            raise ValueError(
                f"instance_mode='best_score' scores the one annotated garment "
                f"of an image; {data_sample.get('img_path')} annotates "
                f'{len(gt)}')
        pred = np.asarray(pred_instances['keypoints'],
                          np.float64).reshape(-1, num_keypoints, 2)
        scores = np.asarray(
            pred_instances.get('keypoint_scores', np.ones(pred.shape[:2])),
            np.float64).reshape(-1, num_keypoints)
        if not len(pred):
            # nothing found: every landmark at the frame's origin
            return (np.broadcast_to(frames[:, None, 0:2],
                                    gt.shape).astype(np.float64),
                    np.zeros((1, num_keypoints)), True)
        if 'bbox_scores' in pred_instances:
            instance_scores = np.asarray(
                pred_instances['bbox_scores']).reshape(-1)
        else:
            instance_scores = scores.mean(axis=1)
        best = int(np.argmax(instance_scores))
        return pred[best:best + 1], scores[best:best + 1], False

    def _gt(self, data_sample: dict) -> Tuple[np.ndarray, np.ndarray,
                                              np.ndarray]:
        """The ground-truth keypoints (n, K, 2), their COCO flags (n, K)
        and the evaluated frames (n, 4) of one sample."""
        gt_instances = data_sample['gt_instances']
        gt = np.asarray(gt_instances['keypoints'])
        if 'keypoints_visibility' not in gt_instances:
            raise KeyError(
                f'{type(self).__name__} needs '
                'gt_instances.keypoints_visibility '
                '(the COCO visibility flags): add '
                "dict(type='LoadKeypointVisibility') first in the test "
                "pipeline and pack with dict(type='PackFashionInputs') "
                f"(sample {data_sample.get('img_path')})")
        flags = np.asarray(gt_instances['keypoints_visibility'])
        return gt, flags, self._frames(data_sample, len(gt))

    @staticmethod
    def _inside(gt: np.ndarray, frames: np.ndarray) -> np.ndarray:
        """(n, K) whether each ground-truth landmark lies in its frame."""
        return ((gt >= frames[:, None, 0:2]) &
                (gt <= frames[:, None, 2:4])).all(axis=-1)

    def process(self, data_batch: Sequence[dict],
                data_samples: Sequence[dict]) -> None:
        """Collect the predictions, ground truth, the landmarks that count
        and the normalisation of a batch of data samples (see the class
        doc)."""
        for data_sample in data_samples:
            gt, flags, frames = self._gt(data_sample)
            pred, _, missed = self._predictions(data_sample, gt, frames)
            counted = visibility_mask(flags, self.visibility)
            self.results.append(
                dict(
                    pred=pred,
                    gt=gt,
                    visible=counted & self._inside(gt, frames),
                    norm_size=self._norm_size(frames),
                    missed=missed))

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
        missed = ''
        if self.instance_mode == 'best_score':
            missed = (f'; {sum(r["missed"] for r in results)} of '
                      f'{len(results)} samples without a predicted garment, '
                      f"scored at the frame's origin")
        MMLogger.get_current_instance().info(
            f'Fashion landmark errors ({self.visibility} landmarks, '
            f'normalised by {self.norm_mode}{missed}):\n' +
            AsciiTable(table).table)
        return metrics
