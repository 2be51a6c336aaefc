"""Clothing category and attribute prediction metrics of the DeepFashion
Category-and-Attribute benchmark: top-k category accuracy and pooled top-k
attribute recall (Liu et al. 2016; Liu & Lu 2018)."""
from typing import Dict, Optional, Sequence, Union

import numpy as np


def _check_topk(topk: Sequence[int]) -> None:
    if not topk or any(int(k) != k or k < 1 for k in topk):
        raise ValueError(f'topk must be a non-empty sequence of positive '
                         f'integers, got {topk}')


def _ranked_first(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` highest scores of each row, best first;
    ties go to the lower index (a stable sort), so results are
    deterministic."""
    return np.argsort(-scores, axis=1, kind='stable')[:, :k]


def category_topk_accuracy(
    scores: np.ndarray, labels: np.ndarray,
    topk: Sequence[int] = (1, 3, 5)) -> Dict[int, float]:
    r"""Top-k category accuracy over images.

    .. math::

        Acc@k = \frac{1}{N} \sum_i [y_i \in \mathrm{top}_k(s_i)]

    where ``top_k(s_i)`` are the ``k`` categories of highest score for
    image ``i``. A ``k`` at least the number of categories counts every
    image as correct.

    Args:
        scores (np.ndarray): Category scores, shape (N, C).
        labels (np.ndarray): Ground-truth category indices in ``[0, C)``,
            shape (N,).
        topk (Sequence[int]): The values of ``k``. Defaults to (1, 3, 5).

    Returns:
        Dict[int, float]: ``{k: accuracy in [0, 1]}``.
    """
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    if scores.ndim != 2:
        raise ValueError(f'scores must have shape (N, C), got {scores.shape}')
    if labels.shape != scores.shape[:1]:
        raise ValueError(f'labels must have shape (N,) = {scores.shape[:1]}, '
                         f'got {labels.shape}')
    if labels.size and (labels.min() < 0 or labels.max() >= scores.shape[1]):
        raise ValueError(f'labels must lie in [0, C) = [0, '
                         f'{scores.shape[1]})')
    _check_topk(topk)

    hits = _ranked_first(scores, max(topk)) == labels[:, None]
    return {k: float(hits[:, :k].any(axis=1).mean()) for k in topk}


def _pooled_recall(scores: np.ndarray, positives: np.ndarray,
                   topk: Sequence[int]) -> Dict[int, float]:
    """Positives found among each row's top k, summed over rows, over all
    positives; NaN when there is no positive."""
    num_positives = positives.sum()
    found = np.take_along_axis(
        positives, _ranked_first(scores, max(topk)), axis=1)
    return {
        k:
        float(found[:, :k].sum() /
              num_positives) if num_positives else float('nan')
        for k in topk
    }


def attribute_topk_recall(
    scores: np.ndarray,
    targets: np.ndarray,
    topk: Sequence[int] = (3, 5),
    groups: Optional[np.ndarray] = None
) -> Dict[Union[str, int], Dict[int, float]]:
    r"""Pooled top-k attribute recall, overall and per attribute group.

    For each image ``i`` the attributes are ranked by score and the positives
    among the first ``k`` are counted; the counts are summed over images and
    divided by the total number of positives:

    .. math::

        R@k = \frac{\sum_i |\mathrm{top}_k(s_i) \cap P_i|}{\sum_i |P_i|}

    with ``P_i`` the positive attributes of image ``i``. For a group ``g``
    (e.g. DeepFashion's 1 texture, 2 fabric, 3 shape, 4 part, 5 style) the
    ranking and both counts are restricted to the attributes of ``g``.

    Args:
        scores (np.ndarray): Attribute scores, shape (N, A).
        targets (np.ndarray): Ground truth, shape (N, A); entries > 0 are
            positives, so DeepFashion's 1 / -1 / 0 rows and multi-hot rows
            both work.
        topk (Sequence[int]): The values of ``k``. Defaults to (3, 5).
        groups (np.ndarray, optional): Group id of each attribute, shape
            (A,). Defaults to None (overall recall only).

    Returns:
        dict: ``{'overall': {k: recall}, group_id: {k: recall}, ...}``, the
        recalls in [0, 1], NaN for a set without positives; group ids in
        ascending order.
    """
    scores = np.asarray(scores, dtype=np.float64)
    targets = np.asarray(targets)
    if scores.ndim != 2:
        raise ValueError(f'scores must have shape (N, A), got {scores.shape}')
    if targets.shape != scores.shape:
        raise ValueError(f'targets must have shape (N, A) = {scores.shape}, '
                         f'got {targets.shape}')
    _check_topk(topk)
    positives = targets > 0

    recalls = {'overall': _pooled_recall(scores, positives, topk)}
    if groups is not None:
        groups = np.asarray(groups)
        if groups.shape != scores.shape[1:]:
            raise ValueError(f'groups must have shape (A,) = '
                             f'{scores.shape[1:]}, got {groups.shape}')
        for group in np.unique(groups):
            members = groups == group
            recalls[group.item()] = _pooled_recall(scores[:, members],
                                                   positives[:, members], topk)
    return recalls
