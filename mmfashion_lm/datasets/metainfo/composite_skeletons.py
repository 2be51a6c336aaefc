"""The skeletons of the composite-fields (PifPaf) models: which landmark
pairs carry an association field (CAF), as 0-based index pairs, built from
the landmark tables of :mod:`.deepfashion` and :mod:`.deepfashion2`.

A bottom-up model joins the landmarks it finds into garments along these
links only, so every garment must be connected by the links among the
landmarks it has: a landmark that no link reaches cannot be grown from a
seed elsewhere on the garment (it becomes a garment of its own).

DeepFashion / FLD, the 8 slots of the full-body layout (seed 003, section
4.2.1). The paper tests "two skeleton types ... one where collars are not
connected to waistlines and the other where they are connected (B)" and
trains its later models with B; its Figure 12, which draws them, is not in
the text we have, so the links below are our reading, not a copy:

- ``'deepfashion_full_A'``: the four links across (left - right collar,
  sleeve, waistline, hem) and, on each side, collar - sleeve, collar - hem
  and waistline - hem (10 links). The single model puts every garment in
  the 8 slots, and an upper-body garment has collars, sleeves and hems but
  no waistlines, so A must keep collar - hem to connect an upper garment
  without any collar - waistline link; a lower-body garment (waistlines,
  hems) is connected by the waistline - hem and across links, a full-body
  one through its hems.
- ``'deepfashion_full_B'``: A plus collar - waistline on each side
  (12 links), which joins a full-body garment's top and bottom directly.

For the combined model (one model per clothes type, seed 003 section
4.2.1), each subset's own layout and its garment-outline skeleton of
:func:`.deepfashion.metainfo`, which connects all its landmarks:

- ``'deepfashion_upper'`` (6 landmarks): across collars, collar - sleeve,
  collar - hem on each side, across hems;
- ``'deepfashion_lower'`` (4): across waistlines, waistline - hem on each
  side, across hems;
- ``'deepfashion_full'`` (8): the outline of the full-body metainfo
  (collars - waistlines - hems down each side, sleeves on the collars; no
  link across the sleeves), for visualisation or a full-body-only model.

DeepFashion2: ``'deepfashion2'``, the 294-slot layout, each category's
outline links (the skeleton paths of :data:`.deepfashion2.CATEGORIES`,
mmpose's skeleton, in the category's own slots; no link joins two
categories), and ``'deepfashion2_<category name>'`` (e.g.
``'deepfashion2_short_sleeved_shirt'``), one category on its own, numbered
from 0 as in :func:`.deepfashion2.category_metainfo`, for
:class:`~mmfashion_lm.datasets.DeepFashion2CategoryDataset`. One fix:
mmpose's short sleeve outwear (category 3) runs its left outline
1 - 4 - 7 ... 16 - 31 - 30 - 2 - 3 - 4, landmarks 2 and 4 swapped against
its right outline and against the long sleeve outwear, the same shape
(1 - 2 - 7 ... - 4 - 3 - 2); the table keeps mmpose's skeleton for
visualisation, and the composite skeleton uses the long sleeve outwear's
order, 1 - 2 - 7 ... 16 - 31 - 30 - 4 - 3 - 2, the mirror image of the right
outline under the table's flip pairs (2 <-> 6, 4 <-> 26), so that a flip
maps every link onto a link (the flip test needs it).

Links are stored in a fixed orientation so that a horizontal flip maps each
link onto a link of the skeleton: across links left to right, side links
from the upper part to the lower one. The codec's flip test swaps links by
the metainfo's flip pairs and reverses a link whose mirror image is stored
the other way round (an across link is its own mirror image, reversed).
"""
from typing import Callable, Dict, Mapping, Sequence, Tuple

from . import deepfashion, deepfashion2

Link = Tuple[int, int]
Skeleton = Tuple[Link, ...]

# DeepFashion skeletons A and B over the 8 slots of the full-body layout, in
# part names: across links, then each side's links from the upper part down.
_ACROSS = deepfashion.PARTS
_SIDE_LINKS_A = (('collar', 'sleeve'), ('collar', 'hem'), ('waistline', 'hem'))
_SIDE_LINKS_B = _SIDE_LINKS_A + (('collar', 'waistline'), )


def _full_layout_skeleton(side_links: Sequence[Tuple[str, str]]) -> Skeleton:
    """The across links and ``side_links`` on each side, as slot pairs of
    the full-body layout."""
    index = deepfashion.LANDMARKS.index
    left, right = deepfashion.SIDES
    links = [(index(f'{left} {part}'), index(f'{right} {part}'))
             for part in _ACROSS]
    links += [(index(f'{side} {upper}'), index(f'{side} {lower}'))
              for upper, lower in side_links for side in deepfashion.SIDES]
    return tuple(links)


# Skeleton paths that differ from the table's (mmpose's) outline; see the
# module doc.
_OUTLINE_FIXES: Dict[int, Tuple[Tuple[int, ...], ...]] = {
    3: ((1, 2, *range(7, 17), 31, 30, 4, 3, 2),
        (1, 6, *range(25, 16, -1), *range(29, 25, -1), 5, 6)),
}


def _deepfashion2_skeleton(categories: Sequence[Mapping],
                           offset: bool) -> Skeleton:
    """The outline links of ``categories``, as slot pairs of the 294
    (``offset``) or as 0-based landmark pairs of one category."""
    links = []
    for category in categories:
        start = category['start'] if offset else 0
        paths = _OUTLINE_FIXES.get(category['id'], category['outline'])
        links += [(start + a - 1, start + b - 1) for path in paths
                  for a, b in zip(path, path[1:])]
    return tuple(links)


def _metainfo_skeleton(dataset_info: dict) -> Skeleton:
    """The skeleton links of an mmpose ``dataset_info``, as 0-based keypoint
    index pairs, in skeleton order."""
    ids = {
        keypoint['name']: keypoint['id']
        for keypoint in dataset_info['keypoint_info'].values()
    }
    links = (link['link'] for link in dataset_info['skeleton_info'].values())
    return tuple((ids[a], ids[b]) for a, b in links)


_BUILDERS: Dict[str, Callable[[], Skeleton]] = {
    'deepfashion_full_A':
    lambda: _full_layout_skeleton(_SIDE_LINKS_A),
    'deepfashion_full_B':
    lambda: _full_layout_skeleton(_SIDE_LINKS_B),
    **{
        f'deepfashion_{subset}':
        (lambda subset=subset: _metainfo_skeleton(
            deepfashion.metainfo(subset)))
        for subset in deepfashion.SUBSETS
    },
    'deepfashion2':
    lambda: _deepfashion2_skeleton(deepfashion2.CATEGORIES, offset=True),
    **{
        f'deepfashion2_{category["name"]}':
        (lambda category=category: _deepfashion2_skeleton([category],
                                                          offset=False))
        for category in deepfashion2.CATEGORIES
    },
}

#: The names :func:`composite_skeleton` knows.
SKELETON_NAMES: Tuple[str, ...] = tuple(_BUILDERS)


def composite_skeleton(name: str) -> Skeleton:
    """A composite-fields skeleton by name (see the module doc).

    Args:
        name (str): One of :data:`SKELETON_NAMES`: ``'deepfashion_full_A'``,
            ``'deepfashion_full_B'`` (the 8 slots of the full-body layout),
            ``'deepfashion_upper'``, ``'deepfashion_lower'``,
            ``'deepfashion_full'`` (each subset's own layout),
            ``'deepfashion2'`` (the 294 slots) or
            ``'deepfashion2_<category name>'`` (one DeepFashion2 category,
            e.g. ``'deepfashion2_short_sleeved_shirt'``).

    Returns:
        tuple[tuple[int, int]]: The links, 0-based keypoint index pairs in
        the layout's keypoint order, each once.

    Raises:
        ValueError: For an unknown name, listing the valid ones.
    """
    if name not in _BUILDERS:
        raise ValueError(f'unknown composite skeleton {name!r}; valid names: '
                         f'{", ".join(SKELETON_NAMES)}')
    return _BUILDERS[name]()


def composite_slot_categories(name: str) -> Tuple[int, ...]:
    """The category id of each slot of a layout of several categories, for
    the composite-fields codec's category-aware decoding.

    Args:
        name (str): ``'deepfashion2'``: the 294 slots, each its DeepFashion2
            category's id (1..13).

    Returns:
        tuple[int]: One category id per slot.

    Raises:
        ValueError: For another name.
    """
    if name != 'deepfashion2':
        raise ValueError(f'unknown slot categories {name!r}; valid names: '
                         "'deepfashion2'")
    return tuple(category['id'] for category in deepfashion2.CATEGORIES
                 for _ in range(category['start'], category['end']))


def composite_slot_sigmas(name: str) -> Tuple[float, ...]:
    """The OKS sigma of each slot of a multi-category layout, for the
    composite-fields codec's scale targets.

    Args:
        name (str): ``'deepfashion2'``: the official sigmas of the 294
            slots.

    Returns:
        tuple[float]: One sigma per slot.

    Raises:
        ValueError: For another name.
    """
    if name != 'deepfashion2':
        raise ValueError(f'unknown slot sigmas {name!r}; valid names: '
                         "'deepfashion2'")
    return tuple(float(sigma) for category in deepfashion2.CATEGORIES
                 for sigma in category['sigmas'])
