"""MetaCloth's few-shot benchmarks: which DeepFashion2 categories are seen
(meta-training, images of the train split) and which unseen (meta-test,
images of the validation split).

MetaCloth (few-shot dense fashion landmark detection by meta-learning;
section 4.1 and Table 3) builds four splits of the 13
categories, 6 seen and 7 unseen:

- B1, half-body to full-body clothes: unseen long sleeve top, short sleeve
  outwear, trousers and the four dresses.
- B2, upper to lower body: seen the six upper-body categories.
- B3, few to many landmarks: seen the six categories with the fewest
  landmarks (skirt 8, shorts 10, trousers 14, vest 15, sling 15, vest dress
  19; sling dress, also 19, is unseen in Table 3).
- B4, a random split. The paper does not give its draw; ours is the six
  categories ``numpy.random.default_rng(4)`` chooses, fixed here.
"""
from types import MappingProxyType
from typing import Mapping, NamedTuple, Tuple

import numpy as np

from .metainfo.deepfashion2 import CATEGORY_BY_ID


class FewShotSplit(NamedTuple):
    """The seen and unseen DeepFashion2 category ids of a benchmark."""
    seen: Tuple[int, ...]
    unseen: Tuple[int, ...]


def _split(unseen) -> FewShotSplit:
    unseen = tuple(sorted(unseen))
    return FewShotSplit(
        tuple(c for c in sorted(CATEGORY_BY_ID) if c not in unseen), unseen)


def _random_unseen(seed: int) -> Tuple[int, ...]:
    seen = np.random.default_rng(seed).choice(
        sorted(CATEGORY_BY_ID), 6, replace=False)
    return tuple(c for c in CATEGORY_BY_ID if c not in seen)


FEW_SHOT_BENCHMARKS: Mapping[str, FewShotSplit] = MappingProxyType({
    'B1': _split((2, 3, 8, 10, 11, 12, 13)),
    'B2': _split((7, 8, 9, 10, 11, 12, 13)),
    'B3': _split((1, 2, 3, 4, 10, 11, 13)),
    'B4': _split(_random_unseen(4)),
})


def few_shot_split(benchmark: str) -> FewShotSplit:
    """The split of ``benchmark`` ('B1' .. 'B4').

    Raises:
        KeyError: For another name, listing the benchmarks.
    """
    if benchmark not in FEW_SHOT_BENCHMARKS:
        raise KeyError(f'few-shot benchmark must be one of '
                       f'{sorted(FEW_SHOT_BENCHMARKS)}, got {benchmark!r}')
    return FEW_SHOT_BENCHMARKS[benchmark]
