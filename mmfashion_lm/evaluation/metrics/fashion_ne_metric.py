from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmpose.registry import METRICS
from terminaltables import AsciiTable

from ..functional import normalized_error, percentage_detected


@METRICS.register_module()
class FashionNEMetric(BaseMetric):
    """Normalised error (NE) of fashion landmarks, per landmark and averaged,
    and optionally the percentage of detected landmarks (PDL).

    See :func:`mmfashion_lm.evaluation.functional.normalized_error` for the
    definitions. Each data sample holds the instances of one image (one for a
    top-down model); the metric reads

    - ``pred_instances.keypoints``: (n, K, 2) predictions in original image
      pixels;
    - ``gt_instances.keypoints``: (n, K, 2) ground truth, same space;
    - ``gt_instances.keypoints_visible``: (n, K), (n, K, 1), or (n, K, 2)
      (visibility, weight) after mmpose's ``KeypointConverter``; a landmark
      counts where it is > 0.5. mmpose's datasets set it to 1 for both COCO
      v = 2 (visible) and v = 1 (labelled but occluded), so occluded
      landmarks count and only truncated / absent ones (v = 0) do not, as in
      the literature, whose NE covers the landmarks present in the image;
    - the normalisation: ``ori_shape`` (h, w) of the sample (``'image'``),
      or ``gt_instances.bboxes`` (n, 4) xyxy (``'bbox'`` and ``'area'``).

    Args:
        norm_mode (str): What a distance is normalised by. ``'image'``: the
            width and height of the original image (x by w, y by h), the
            papers' NE on their evaluated images; ``'bbox'``: the width and
            height of the ground-truth box; ``'area'``: the square root of
            the box area, one scale for both axes (MetaCloth's sqrt(garment
            area), with the box for the garment). Defaults to ``'image'``.
        pdl_thr (float, optional): Normalised distance within which a
            landmark is detected; PDL is reported when given. Defaults to
            None.
        collect_device (str): Device used to collect results across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the metric names. Defaults to
            None.

    Returns (from :meth:`compute_metrics`):
        ``'NE'`` and ``'NE/<landmark name>'`` (NaN for a landmark never
        visible), plus ``'PDL'`` and ``'PDL/<landmark name>'`` when
        ``pdl_thr`` is set; landmark names come from
        ``dataset_meta['keypoint_id2name']``. A per-landmark table is logged.
    """

    NORM_MODES = ('image', 'bbox', 'area')

    def __init__(self,
                 norm_mode: str = 'image',
                 pdl_thr: Optional[float] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if norm_mode not in self.NORM_MODES:
            raise ValueError(f'norm_mode must be one of {self.NORM_MODES}, '
                             f'got {norm_mode!r}')
        self.norm_mode = norm_mode
        self.pdl_thr = pdl_thr

    def _norm_size(self, data_sample: dict, num_instances: int) -> np.ndarray:
        """(n, 2) widths and heights, or (n,) scales, of one sample."""
        if self.norm_mode == 'image':
            height, width = data_sample['ori_shape'][:2]
            return np.tile([width, height], (num_instances, 1))
        bboxes = np.asarray(data_sample['gt_instances']['bboxes'])
        sizes = bboxes[:, 2:4] - bboxes[:, 0:2]
        if self.norm_mode == 'bbox':
            return sizes
        return np.sqrt(sizes.prod(axis=1))

    def process(self, data_batch: Sequence[dict],
                data_samples: Sequence[dict]) -> None:
        """Collect the predictions, ground truth, visibility and
        normalisation of a batch of data samples (see the class doc)."""
        for data_sample in data_samples:
            pred = np.asarray(data_sample['pred_instances']['keypoints'])
            gt_instances = data_sample['gt_instances']
            gt = np.asarray(gt_instances['keypoints'])
            if pred.shape != gt.shape:
                raise ValueError(
                    f'pred_instances.keypoints {pred.shape} and '
                    f'gt_instances.keypoints {gt.shape} must match: the '
                    f'metric pairs instances by index (a top-down model)')
            visible = np.asarray(gt_instances['keypoints_visible'])
            if visible.ndim == 3:
                # (n, K, 1), or (n, K, 2) = (visibility, weight) from
                # mmpose's KeypointConverter
                visible = visible[..., 0]
            self.results.append(
                dict(
                    pred=pred,
                    gt=gt,
                    visible=visible > 0.5,
                    norm_size=self._norm_size(data_sample, len(gt))))

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
        table = [['landmark', *per_landmark, 'visible']]
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
            f'Fashion landmark errors (normalised by {self.norm_mode}):\n' +
            AsciiTable(table).table)
        return metrics
