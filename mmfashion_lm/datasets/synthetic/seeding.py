"""Independent random streams, one per (seed, layout, purpose, item).

Every image draws from its own stream, keyed by its index, so the output
does not depend on the order (or the process) in which images are made:
the same seed gives the same bytes, serially or in parallel.
"""
from typing import List, Sequence, Tuple

import numpy as np

LAYOUT_KEYS = {'deepfashion': 1, 'fld': 2, 'deepfashion2': 3}
# What a stream is for.
IMAGE, SPLIT, PRODUCT = 0, 1, 2


def stream(seed: int,
           layout: str,
           purpose: int,
           key: int = 0) -> np.random.Generator:
    """The random stream of ``purpose`` (:data:`IMAGE`, :data:`SPLIT`,
    :data:`PRODUCT`) for item ``key`` (an image or pair index) of ``layout``,
    under ``seed``."""
    return np.random.default_rng([seed, LAYOUT_KEYS[layout], purpose, key])


def assign_splits(count: int, shares: Sequence[Tuple[str, float]],
                  rng: np.random.Generator) -> List[str]:
    """Split names for ``count`` items, in exact proportions, shuffled.

    Args:
        count (int): number of items.
        shares (sequence[tuple[str, float]]): ``(name, share)`` per split;
            the first split takes what rounding leaves.
        rng (np.random.Generator): shuffles the assignment.

    Returns:
        list[str]: the split of each item.
    """
    sizes = [int(count * share) for _, share in shares[1:]]
    sizes.insert(0, count - sum(sizes))
    names = np.repeat([name for name, _ in shares], sizes)
    return [str(name) for name in rng.permutation(names)]
