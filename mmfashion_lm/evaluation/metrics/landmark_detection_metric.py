from typing import Dict, Optional, Sequence

import numpy as np
from mmengine.logging import MMLogger
from mmpose.registry import METRICS
from terminaltables import AsciiTable

from mmfashion_lm.datasets.keypoint_visibility import (ABSENT, OCCLUDED,
                                                       VISIBLE,
                                                       visibility_mask)
from ..functional import normalized_error
from .fashion_ne_metric import FashionNEMetric


def _share(predicted: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """Per landmark and pooled: the share of the ``selected`` landmarks
    that are ``predicted``, NaN where none is selected."""
    counts = selected.sum(axis=0)
    hits = (predicted & selected).sum(axis=0)
    per_landmark = np.divide(
        hits, counts, out=np.full(counts.shape, np.nan), where=counts > 0)
    total = counts.sum()
    return per_landmark, (float(hits.sum() / total) if total else float('nan'))


@METRICS.register_module()
class LandmarkDetectionMetric(FashionNEMetric):
    """Whether a model says where a landmark is, apart from how well it
    places it: the detection metrics of seed 003 (section 4.2.3) for a
    model that scores its keypoints (a composite-fields model's
    ``keypoint_scores``).

    A landmark is *predicted* when its keypoint score is above
    ``score_thr``. With the ground truth's COCO flags (v: 2 visible,
    1 present but not visible, 0 not present: absent or cut off), packed by
    :class:`~mmfashion_lm.datasets.PackFashionInputs` as
    ``gt_instances.keypoints_visibility``:

    - ``NE_confident``: the normalised error (:class:`FashionNEMetric`'s
      NE, per landmark then averaged) over the landmarks that are predicted
      and counted by ``visibility`` (visible, by default) and inside the
      evaluated frame: "filter confident predictions, take its intersection
      with ground truth visible keypoints";
    - ``predicted_absent``: the share of the landmarks not present (v = 0)
      that are predicted: "percentage of detected keypoints not present in
      the image";
    - ``predicted_occluded``: the share of the landmarks present but not
      visible (v = 1) that are predicted: "percentage of detected keypoints
      not visible in the image";
    - ``predicted_visible`` (ours, for context): the share of the visible
      landmarks (v = 2) that are predicted.

    The shares pool all landmarks; ``'<key>/<landmark name>'`` gives each
    landmark's. A missed garment (``instance_mode='best_score'`` and no
    instance predicted) predicts nothing. The prediction is paired with the
    ground truth as in :class:`FashionNEMetric` (``instance_mode``); the
    frame and normalisation too (``norm_mode``).

    Args:
        score_thr (float): The keypoint score above which a landmark is
            predicted. Defaults to 0.5 (ours: the paper gives none).
        visibility (str): The landmarks ``NE_confident`` counts
            (``'visible'`` or ``'in_picture'``). Defaults to ``'visible'``.
        norm_mode (str): See :class:`FashionNEMetric`. Defaults to
            ``'image'``.
        instance_mode (str): See :class:`FashionNEMetric`. Defaults to
            ``'best_score'``, a bottom-up model's.
        collect_device (str): Device used to collect results across ranks.
            Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the metric names. Defaults to
            None.

    Returns (from :meth:`compute_metrics`):
        ``'NE_confident'``, ``'predicted_absent'``, ``'predicted_occluded'``,
        ``'predicted_visible'`` and their ``'<key>/<landmark name>'``
        values (NaN where nothing counts). A per-landmark table is logged.
    """

    def __init__(self,
                 score_thr: float = 0.5,
                 visibility: str = 'visible',
                 norm_mode: str = 'image',
                 instance_mode: str = 'best_score',
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(
            visibility=visibility,
            norm_mode=norm_mode,
            instance_mode=instance_mode,
            collect_device=collect_device,
            prefix=prefix)
        self.score_thr = score_thr

    def process(self, data_batch: Sequence[dict],
                data_samples: Sequence[dict]) -> None:
        """Collect, per sample, the paired prediction, which landmarks it
        predicts and the ground truth's flags (see the class doc)."""
        for data_sample in data_samples:
            gt, flags, frames = self._gt(data_sample)
            pred, scores, _ = self._predictions(data_sample, gt, frames)
            self.results.append(
                dict(
                    pred=pred,
                    gt=gt,
                    flags=flags,
                    predicted=scores > self.score_thr,
                    counted=visibility_mask(flags, self.visibility)
                    & self._inside(gt, frames),
                    norm_size=self._norm_size(frames)))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Compute the detection metrics over all collected instances and
        log the per-landmark table."""
        inputs = {
            key: np.concatenate([result[key] for result in results])
            for key in ('pred', 'gt', 'flags', 'predicted', 'counted',
                        'norm_size')
        }
        predicted, flags = inputs['predicted'], inputs['flags']
        per_landmark, metrics = {}, {}
        per_landmark['NE_confident'], metrics['NE_confident'] = \
            normalized_error(inputs['pred'], inputs['gt'],
                             inputs['counted'] & predicted,
                             inputs['norm_size'])
        for key, flag in (('predicted_absent', ABSENT),
                          ('predicted_occluded', OCCLUDED),
                          ('predicted_visible', VISIBLE)):
            per_landmark[key], metrics[key] = _share(predicted, flags == flag)

        names = self._landmark_names(flags.shape[1])
        table = [['landmark', *per_landmark]]
        for k, name in enumerate(names):
            table.append([
                name,
                *(f'{values[k]:.4f}' for values in per_landmark.values())
            ])
            for key, values in per_landmark.items():
                metrics[f'{key}/{name}'] = float(values[k])
        table.append(
            ['overall', *(f'{metrics[key]:.4f}' for key in per_landmark)])
        MMLogger.get_current_instance().info(
            f'Landmark detection (score > {self.score_thr}; NE over the '
            f'predicted {self.visibility} landmarks, normalised by '
            f'{self.norm_mode}):\n' + AsciiTable(table).table)
        return metrics
