"""Landmark localisation errors of the fashion landmark literature: the
normalised error (NE) and the percentage of detected landmarks (PDL)."""
from typing import Tuple

import numpy as np


def _normalized_distances(
        pred: np.ndarray, gt: np.ndarray, visible: np.ndarray,
        norm_size: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Validate the inputs; return the (N, K) normalised distances and the
    (N, K) bool visibility.

    ``norm_size`` of shape (N, 2) normalises x by the width and y by the
    height (SANL / Liu et al.); of shape (N,) it divides the pixel distance
    by one scale per sample (MetaCloth's sqrt of the garment area).
    """
    pred = np.asarray(pred, dtype=np.float64)
    gt = np.asarray(gt, dtype=np.float64)
    visible = np.asarray(visible, dtype=bool)
    norm_size = np.asarray(norm_size, dtype=np.float64)
    if pred.ndim != 3 or pred.shape[-1] != 2:
        raise ValueError(f'pred must have shape (N, K, 2), got {pred.shape}')
    if gt.shape != pred.shape:
        raise ValueError(f'gt must have the shape of pred {pred.shape}, '
                         f'got {gt.shape}')
    if visible.shape != pred.shape[:2]:
        raise ValueError(f'visible must have shape (N, K) = '
                         f'{pred.shape[:2]}, got {visible.shape}')
    num_samples = pred.shape[0]
    if norm_size.shape not in ((num_samples, 2), (num_samples, )):
        raise ValueError(f'norm_size must have shape (N, 2) or (N,) with '
                         f'N = {num_samples}, got {norm_size.shape}')
    if not np.all(norm_size > 0):
        raise ValueError('norm_size must be positive')

    if norm_size.ndim == 2:
        distances = np.linalg.norm((pred - gt) / norm_size[:, None], axis=-1)
    else:
        distances = np.linalg.norm(pred - gt, axis=-1) / norm_size[:, None]
    return distances, visible


def _mean_over_visible(values: np.ndarray, visible: np.ndarray) -> np.ndarray:
    """Per-landmark mean of (N, K) ``values`` over the samples where the
    landmark is visible; NaN for a landmark that is never visible."""
    counts = visible.sum(axis=0)
    # np.where rather than a product: values at invisible landmarks may be
    # NaN or inf (e.g. unlabelled ground truth) and must not leak in.
    totals = np.where(visible, values, 0.).sum(axis=0)
    return np.divide(
        totals, counts, out=np.full(values.shape[1], np.nan), where=counts > 0)


def normalized_error(pred: np.ndarray, gt: np.ndarray, visible: np.ndarray,
                     norm_size: np.ndarray) -> Tuple[np.ndarray, float]:
    r"""Normalised error (NE) per landmark and its average.

    For sample ``i`` and landmark ``k`` the normalised distance is

    .. math::

        d_{ik} = \sqrt{\left(\frac{\hat{x}_{ik} - x_{ik}}{w_i}\right)^2
                 + \left(\frac{\hat{y}_{ik} - y_{ik}}{h_i}\right)^2}

    with ``(w_i, h_i)`` the size of the evaluated image or crop (SANL,
    Li et al. 2019; Liu et al. 2016), or
    :math:`d_{ik} = \lVert \hat{p}_{ik} - p_{ik} \rVert / s_i` with one
    scale ``s_i`` per sample such as the square root of the garment area
    (MetaCloth). Then

    .. math::

        NE_k = \frac{\sum_i v_{ik} d_{ik}}{\sum_i v_{ik}}, \qquad
        NE = \frac{1}{|\{k : \sum_i v_{ik} > 0\}|} \sum_k NE_k

    where ``v_ik`` says whether landmark ``k`` is visible in the ground
    truth of sample ``i``. The average is the "Avg." column of the papers:
    the mean of the per-landmark errors, not the mean over all visible
    landmarks.

    Args:
        pred (np.ndarray): Predicted landmarks in pixels, shape (N, K, 2).
        gt (np.ndarray): Ground-truth landmarks in pixels, shape (N, K, 2).
        visible (np.ndarray): Whether each ground-truth landmark counts,
            shape (N, K), bool.
        norm_size (np.ndarray): Per-sample normalisation, shape (N, 2) for
            (width, height) or (N,) for one scale.

    Returns:
        tuple:
        - per_landmark (np.ndarray): ``NE_k``, shape (K,); NaN for a
          landmark that is never visible.
        - mean (float): ``NE``, the mean over the landmarks that are visible
          at least once (NaN when none is).
    """
    distances, visible = _normalized_distances(pred, gt, visible, norm_size)
    per_landmark = _mean_over_visible(distances, visible)
    seen = per_landmark[~np.isnan(per_landmark)]
    mean = float(seen.mean()) if seen.size else float('nan')
    return per_landmark, mean


def percentage_detected(pred: np.ndarray, gt: np.ndarray, visible: np.ndarray,
                        norm_size: np.ndarray,
                        thr: float) -> Tuple[np.ndarray, float]:
    r"""Percentage of detected landmarks (PDL).

    A visible landmark is detected when its normalised distance ``d_ik``
    (defined as in :func:`normalized_error`) is at most ``thr``:

    .. math::

        PDL_k = \frac{\sum_i v_{ik} [d_{ik} \le thr]}{\sum_i v_{ik}},
        \qquad
        PDL = \frac{\sum_{i,k} v_{ik} [d_{ik} \le thr]}
                    {\sum_{i,k} v_{ik}}

    The overall value pools all visible landmarks, as "the percentage of
    detected landmarks" reads.

    Args:
        pred (np.ndarray): Predicted landmarks in pixels, shape (N, K, 2).
        gt (np.ndarray): Ground-truth landmarks in pixels, shape (N, K, 2).
        visible (np.ndarray): Whether each ground-truth landmark counts,
            shape (N, K), bool.
        norm_size (np.ndarray): Per-sample normalisation, shape (N, 2) for
            (width, height) or (N,) for one scale.
        thr (float): Distance threshold in normalised units.

    Returns:
        tuple:
        - per_landmark (np.ndarray): ``PDL_k`` in [0, 1], shape (K,); NaN for
          a landmark that is never visible.
        - overall (float): ``PDL`` in [0, 1] (NaN when nothing is visible).
    """
    distances, visible = _normalized_distances(pred, gt, visible, norm_size)
    detected = distances <= thr
    per_landmark = _mean_over_visible(detected, visible)
    num_visible = visible.sum()
    overall = (
        float(detected[visible].sum() /
              num_visible) if num_visible else float('nan'))
    return per_landmark, overall


def instance_pck(pred: np.ndarray, gt: np.ndarray, visible: np.ndarray,
                 norm_size: np.ndarray, thr: float = 0.2) -> np.ndarray:
    r"""PCK of each instance: the fraction of its visible landmarks within
    ``thr`` (normalised as in :func:`normalized_error`), as the
    category-agnostic pose literature reports PCK@0.2 (POMNet,
    CapeFormer: ``norm_size`` the longer side of each instance's box, the
    mean over query instances):

    .. math::

        PCK_i = \frac{\sum_k v_{ik} [d_{ik} \le thr]}{\sum_k v_{ik}}

    Args:
        pred (np.ndarray): Predicted landmarks in pixels, shape (N, K, 2).
        gt (np.ndarray): Ground-truth landmarks in pixels, shape (N, K, 2).
        visible (np.ndarray): Whether each ground-truth landmark counts,
            shape (N, K), bool.
        norm_size (np.ndarray): Per-instance normalisation, shape (N, 2) or
            (N,).
        thr (float): Distance threshold in normalised units. Defaults to 0.2

    Returns:
        np.ndarray: ``PCK_i`` in [0, 1], shape (N,); NaN for an instance
        with no visible landmark.
    """
    distances, visible = _normalized_distances(pred, gt, visible, norm_size)
    counts = visible.sum(axis=1)
    hits = (visible & (distances <= thr)).sum(axis=1)
    return np.divide(
        hits, counts, out=np.full(len(counts), np.nan), where=counts > 0)
