"""Few-shot landmark results over episodes: MetaCloth's NE with its 95%
confidence interval, per shot count and per category, and PCK@0.2."""
from collections import defaultdict
from typing import Dict, Optional, Sequence

import numpy as np
from mmengine.logging import MMLogger
from mmpose.registry import METRICS
from terminaltables import AsciiTable

from mmfashion_lm.datasets.keypoint_visibility import visibility_mask
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_BY_ID
from ..functional import instance_pck, mean_with_ci95, normalized_error
from .fashion_ne_metric import FashionNEMetric


@METRICS.register_module()
class EpisodicLandmarkMetric(FashionNEMetric):
    """NE normalised by the square root of the garment area, averaged per
    episode, then the mean over episodes with its 95% confidence interval
    (MetaCloth, section 4.1, Tables 2-4), for each support size K and each
    category; PCK@``pck_thr`` beside it (each query instance's fraction of
    landmarks within ``pck_thr`` x the longer side of its box, averaged per
    episode, then over episodes, as the category-agnostic pose literature
    reports it).

    Reads the query data samples of
    :class:`~mmfashion_lm.models.FewShotLandmarkDetector`: their
    predictions, ground truth (as :class:`FashionNEMetric`, one garment
    each, its box from ``raw_ann_info``) and the episode in their metainfo
    (``episode_index``, ``shots``, ``category_id``). An episode's NE is
    :func:`~mmfashion_lm.evaluation.functional.normalized_error` over its
    query items (the mean over landmarks of their mean errors).

    Returns ``NE@{K}shot``, ``NE@{K}shot_ci95``, ``PCK@{K}shot``,
    ``PCK@{K}shot_ci95`` and, per category, ``NE@{K}shot/{name}``; logs two
    tables: NE and PCK by K (Table 2's layout) and NE by category and K
    (Table 4's, which is at 8 shots).

    Args:
        visibility (str): The landmarks that count: ``'in_picture'``
            (labelled, occluded or not; the default) or ``'visible'``.
        pck_thr (float): PCK's threshold. Defaults to 0.2
        collect_device (str): Defaults to ``'cpu'``
        prefix (str, optional): Defaults to None
    """

    def __init__(self,
                 visibility: str = 'in_picture',
                 pck_thr: float = 0.2,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(
            visibility=visibility,
            norm_mode='area',
            collect_device=collect_device,
            prefix=prefix)
        self.pck_thr = pck_thr

    def process(self, data_batch: dict,
                data_samples: Sequence[dict]) -> None:
        episodes = defaultdict(list)
        for sample in data_samples:
            episodes[(sample['shots'], sample['episode_index'])].append(sample)
        for (shots, _), samples in episodes.items():
            pred, gt, visible, area, longer = [], [], [], [], []
            for sample in samples:
                truth, flags, frames = self._gt(sample)
                pred.append(self._predictions(sample, truth, frames)[0])
                gt.append(truth)
                visible.append(
                    visibility_mask(flags, self.visibility)
                    & self._inside(truth, frames))
                area.append(self._norm_size(frames))
                longer.append((frames[:, 2:] - frames[:, :2]).max(axis=1))
            pred, gt, visible = (np.concatenate(x) for x in (pred, gt,
                                                              visible))
            if not visible.any():
                continue
            _, error = normalized_error(pred, gt, visible,
                                        np.concatenate(area))
            pck = instance_pck(pred, gt, visible, np.concatenate(longer),
                               self.pck_thr)
            self.results.append(
                dict(
                    shots=int(shots),
                    category=int(samples[0]['category_id']),
                    ne=error,
                    pck=float(np.nanmean(pck))))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        metrics = {}
        by_shots = defaultdict(list)
        for result in results:
            by_shots[result['shots']].append(result)
        shots = sorted(by_shots)
        overall = [['K', 'NE (mean +- 95% CI)', f'PCK@{self.pck_thr}',
                    'episodes']]
        for k in shots:
            row = [f'{k}-shot']
            for key, name in (('ne', 'NE'), ('pck', 'PCK')):
                mean, ci95 = mean_with_ci95(
                    [r[key] for r in by_shots[k]])
                metrics[f'{name}@{k}shot'] = mean
                metrics[f'{name}@{k}shot_ci95'] = ci95
                row.append(f'{mean:.4f} +- {ci95:.4f}')
            overall.append(row + [str(len(by_shots[k]))])
        categories = sorted({r['category'] for r in results})
        per_category = [['category', *(f'{k}-shot' for k in shots)]]
        for category in categories:
            name = CATEGORY_BY_ID[category]['name'] \
                if category in CATEGORY_BY_ID else str(category)
            row = [name]
            for k in shots:
                values = [
                    r['ne'] for r in by_shots[k] if r['category'] == category
                ]
                if not values:
                    row.append('-')
                    continue
                mean, ci95 = mean_with_ci95(values)
                metrics[f'NE@{k}shot/{name}'] = mean
                row.append(f'{mean:.4f} +- {ci95:.4f}')
            per_category.append(row)
        MMLogger.get_current_instance().info(
            f'Few-shot landmarks over {len(results)} episodes (NE by the '
            f'square root of the box area; {self.visibility} landmarks):\n'
            + AsciiTable(overall).table + '\nNE by category:\n' +
            AsciiTable(per_category).table)
        return metrics
