"""Few-shot results over episodes: the mean with its 95% confidence
interval, as MetaCloth (Tables 2-3) and the few-shot literature report."""
from typing import Sequence, Tuple

import numpy as np


def mean_with_ci95(values: Sequence[float]) -> Tuple[float, float]:
    r"""The mean of per-episode results and the half-width of its 95%
    confidence interval under the normal approximation:

    .. math::

        \bar{x} \pm 1.96 \, \frac{s}{\sqrt{n}}

    with ``s`` the sample standard deviation (ddof 1) of the ``n``
    episodes' results.

    Args:
        values (Sequence[float]): One result per episode (e.g. its NE).

    Returns:
        tuple[float, float]: The mean and the half-width (0 for a single
        episode).

    Raises:
        ValueError: For no values or a value that is not finite.
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise ValueError('mean_with_ci95 needs at least one episode')
    if not np.all(np.isfinite(values)):
        raise ValueError('mean_with_ci95: every value must be finite')
    if values.size == 1:
        return float(values[0]), 0.0
    half_width = 1.96 * values.std(ddof=1) / np.sqrt(values.size)
    return float(values.mean()), float(half_width)
