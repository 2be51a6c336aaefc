"""The datasets' landmark tables, one module each, and the mmpose metainfo
and LGR layout graphs built from them.

- :mod:`.deepfashion`: DeepFashion / FLD, the 8 landmarks of the full-body
  layout, the clothes types and their subsets (upper 6, lower 4, full 8).
- :mod:`.deepfashion2`: DeepFashion2, the 13 categories, their slots of the
  294, the official OKS sigmas, mmpose's names, flip pairs and skeleton.
- :mod:`.composite_skeletons`: the links of the composite-fields (PifPaf)
  models, ``composite_skeleton(name)`` (DeepFashion skeletons A and B, each
  subset's, DeepFashion2's per category), built from the two above.

The names below are what the metainfo files in ``configs/_base_/metainfo/``
hand to mmpose: each file is an mmengine config that imports one (``from
mmfashion_lm.datasets.metainfo import DEEPFASHION_FULL_INFO``) and sets
``dataset_info`` (or ``layout_graph``) to it, so that
``dict(from_file=...)`` in a config names it as before. Each is built when
it is read, as a fresh ``ConfigDict`` (what such a file gave when it held
the data itself), so that whoever changes one changes nothing else:

- ``DEEPFASHION_{UPPER,LOWER,FULL}_INFO``: ``deepfashion.metainfo(subset)``;
- ``DEEPFASHION_{UPPER,LOWER,FULL}_LAYOUT_GRAPH``:
  ``deepfashion.layout_graph(subset)``;
- ``DEEPFASHION2_INFO``: ``deepfashion2.metainfo()``, the 294 slots;
- ``DEEPFASHION2_SHORT_SLEEVED_SHIRT_INFO``:
  ``deepfashion2.category_metainfo(1)``;
- ``DEEPFASHION2_SHORT_SLEEVED_SHIRT_LAYOUT_GRAPH``:
  ``deepfashion2.short_sleeved_shirt_layout_graph()``;
- ``DEEPFASHION2_B{1,2,3,4}_SEEN_INFO``:
  ``deepfashion2.categories_metainfo`` of the seen categories of a
  MetaCloth benchmark (:mod:`mmfashion_lm.datasets.few_shot_benchmarks`).
"""
from functools import partial
from typing import Any, Callable, Dict

from mmengine.config import ConfigDict

from . import composite_skeletons, deepfashion, deepfashion2
from .composite_skeletons import (SKELETON_NAMES, composite_skeleton,
                                  composite_slot_categories,
                                  composite_slot_sigmas)



def _seen_metainfo(benchmark: str) -> dict:
    # imported when called: the benchmarks module imports this package
    from ..few_shot_benchmarks import few_shot_split
    return deepfashion2.categories_metainfo(few_shot_split(benchmark).seen)


_BUILDERS: Dict[str, Callable[[], dict]] = {
    **{
        f'DEEPFASHION_{subset.upper()}_INFO':
        partial(deepfashion.metainfo, subset)
        for subset in deepfashion.SUBSETS
    },
    **{
        f'DEEPFASHION_{subset.upper()}_LAYOUT_GRAPH':
        partial(deepfashion.layout_graph, subset)
        for subset in deepfashion.SUBSETS
    },
    'DEEPFASHION2_INFO':
    deepfashion2.metainfo,
    'DEEPFASHION2_SHORT_SLEEVED_SHIRT_INFO':
    partial(deepfashion2.category_metainfo, 1),
    'DEEPFASHION2_SHORT_SLEEVED_SHIRT_LAYOUT_GRAPH':
    deepfashion2.short_sleeved_shirt_layout_graph,
    **{
        f'DEEPFASHION2_B{i}_SEEN_INFO': partial(_seen_metainfo, f'B{i}')
        for i in range(1, 5)
    },
}


def __getattr__(name: str) -> Any:
    """Build the metainfo or layout graph called ``name`` (see above)."""
    if name in _BUILDERS:
        return ConfigDict(_BUILDERS[name]())
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')


def __dir__():
    return sorted([*globals(), *_BUILDERS])


__all__ = [
    'deepfashion', 'deepfashion2', 'composite_skeletons', 'composite_skeleton',
    'composite_slot_categories', 'composite_slot_sigmas',
    'SKELETON_NAMES', *_BUILDERS
]
