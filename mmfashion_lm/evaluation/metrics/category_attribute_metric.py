from typing import Dict, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmpose.registry import METRICS
from terminaltables import AsciiTable

from ..functional import attribute_topk_recall, category_topk_accuracy

# The attribute types of DeepFashion's Anno/list_attr_cloth.txt.
DEEPFASHION_ATTRIBUTE_GROUPS = {
    1: 'texture',
    2: 'fabric',
    3: 'shape',
    4: 'part',
    5: 'style'
}


def _to_numpy(value) -> np.ndarray:
    """A head's tensor (on any device) or an array-like as an array."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)


@METRICS.register_module()
class CategoryAttributeMetric(BaseMetric):
    """Top-k clothing category accuracy and pooled top-k attribute recall,
    overall and per attribute group (DeepFashion Category-and-Attribute).

    See :mod:`mmfashion_lm.evaluation.functional.category_attribute` for the
    definitions. Each data sample describes one image (one garment), like an
    mmpretrain ``DataSample``, with tensors or arrays in the fields

    - ``pred_category_score``: (C,) category scores, or (N, C) for the N
      annotated garments of a multi-garment image (each garment counts);
    - ``gt_category_label``: the category index in ``[0, C)``, a scalar or a
      one-element tensor / array, or (N, ), one per garment;
    - ``pred_attribute_score``: (A,) attribute scores;
    - ``gt_attribute_label``: (A,) ground truth, multi-hot (entries > 0 are
      positives, so DeepFashion's 1 / -1 / 0 rows work as they are).

    The category fields are read only when ``topk`` is not empty, the
    attribute fields only when ``attr_topk`` is not empty.

    Args:
        topk (Sequence[int]): The k of category accuracy; empty to skip the
            category. Defaults to (1, 3, 5).
        attr_topk (Sequence[int]): The k of attribute recall; empty to skip
            attributes. Defaults to (3, 5).
        attr_groups (Sequence[int], optional): Group id of each of the A
            attributes. Defaults to None: ``dataset_meta['attribute_groups']``
            when the dataset provides it, otherwise overall recall only.
        attr_group_names (Dict[int, str], optional): Names of the group ids
            in the metric keys; an id without a name is written as is.
            Defaults to None: DeepFashion's 1 texture, 2 fabric, 3 shape,
            4 part, 5 style.
        collect_device (str): Device used to collect results across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the metric names. Defaults to
            None.

    Returns (from :meth:`compute_metrics`), all in [0, 1]:
        ``'category_accuracy/top{k}'``, ``'attribute_recall/top{k}'`` and
        ``'attribute_recall/<group name>/top{k}'``. A recall table is logged.
    """

    def __init__(self,
                 topk: Sequence[int] = (1, 3, 5),
                 attr_topk: Sequence[int] = (3, 5),
                 attr_groups: Optional[Sequence[int]] = None,
                 attr_group_names: Optional[Dict[int, str]] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if not topk and not attr_topk:
            raise ValueError('topk and attr_topk are both empty: nothing to '
                             'evaluate')
        self.topk = tuple(topk)
        self.attr_topk = tuple(attr_topk)
        self.attr_groups = attr_groups
        self.attr_group_names = (
            DEEPFASHION_ATTRIBUTE_GROUPS
            if attr_group_names is None else attr_group_names)

    def process(self, data_batch: Sequence[dict],
                data_samples: Sequence[dict]) -> None:
        """Collect the scores and labels of a batch of data samples (see the
        class doc for the fields)."""
        for data_sample in data_samples:
            result = {}
            if self.topk:
                # one row a garment: (C, ) and one label, or (N, C) and N
                result['category_score'] = np.atleast_2d(
                    _to_numpy(data_sample['pred_category_score']))
                result['category_label'] = _to_numpy(
                    data_sample['gt_category_label']).reshape(-1)
                if len(result['category_score']) != len(
                        result['category_label']):
                    raise ValueError(
                        f'pred_category_score holds '
                        f'{len(result["category_score"])} garments, '
                        f'gt_category_label '
                        f'{len(result["category_label"])}')
            if self.attr_topk:
                result['attribute_score'] = _to_numpy(
                    data_sample['pred_attribute_score'])
                result['attribute_label'] = _to_numpy(
                    data_sample['gt_attribute_label'])
            self.results.append(result)

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Compute the accuracies and recalls over all collected images and
        log the recall table."""
        metrics = {}
        if self.topk:
            accuracy = category_topk_accuracy(
                np.concatenate(
                    [result['category_score'] for result in results]),
                np.concatenate(
                    [result['category_label'] for result in results]),
                self.topk)
            metrics.update({
                f'category_accuracy/top{k}': value
                for k, value in accuracy.items()
            })
        if self.attr_topk:
            metrics.update(self._attribute_recall(results))
        return metrics

    def _attribute_recall(self, results: list) -> Dict[str, float]:
        """Overall and per-group recalls as metric keys; logs their
        table."""
        groups = self.attr_groups
        if groups is None:
            groups = (self.dataset_meta or {}).get('attribute_groups')
        recalls = attribute_topk_recall(
            np.stack([result['attribute_score'] for result in results]),
            np.stack([result['attribute_label'] for result in results]),
            self.attr_topk, groups)

        metrics = {}
        table = [['attributes', *(f'top-{k} recall' for k in self.attr_topk)]]
        for group, recall in recalls.items():
            name = self.attr_group_names.get(group, str(group))
            key = ('attribute_recall'
                   if group == 'overall' else f'attribute_recall/{name}')
            table.append([name, *(f'{recall[k]:.4f}' for k in self.attr_topk)])
            metrics.update(
                {f'{key}/top{k}': recall[k]
                 for k in self.attr_topk})
        MMLogger.get_current_instance().info('Attribute recall:\n' +
                                             AsciiTable(table).table)
        return metrics
