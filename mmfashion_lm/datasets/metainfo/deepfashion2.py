"""The DeepFashion2 category table: the 13 clothing categories, their
landmarks in the 294-slot layout, the official OKS sigmas, and mmpose's
names, flip pairs and skeleton; the mmpose metainfo and the LGR layout
graph built from them.

Two parts, read together into :data:`CATEGORIES`:

- ``categories_landmark_ranges_sigmas.json`` beside this file, the table of
  the official DeepFashion2 keypoint evaluation (github.com/switchablenorms/
  DeepFashion2), kept verbatim: each category's ``category_id`` (1..13),
  ``coco_name`` (the official COCO conversion's name), ``annotation_name``
  (the name in the per-image annotation files), ``num_landmarks``, its
  slots ``[start, end)`` among the 294 (the categories' landmarks one after
  the other) and its ``sigmas`` (OKS variances ``(2 * sigma) ** 2``).
- :data:`_LAYOUTS` below: how mmpose's ``deepfashion2`` metainfo names and
  links each category's landmarks, ``<short_name>_kpt<k>`` for landmark
  ``k`` (1-based, DeepFashion2's numbering along the outline): the
  keypoint colour, the skeleton as paths through the landmarks, and the
  pairs that swap under a horizontal flip. Two flip pairs differ from
  mmpose's, so that flipping is an involution and each pair joins
  landmarks of equal sigma: vest 9 <-> 13 (mmpose leaves vest_kpt13
  unpaired while vest_kpt9 names it), and the short sleeve outwear
  neckline 2 <-> 6, 4 <-> 26 (mmpose has 2 <-> 26, 4 <-> 6; long sleeve
  outwear, the same shape, has 2 <-> 6, 4 <-> 34).

The converter, :class:`~mmfashion_lm.datasets.DeepFashion2CategoryDataset`,
the keypoint AP metric, the synthetic generator and the metainfo files of
``configs/_base_/metainfo/`` all read this module.
"""
import json
import os.path as osp
from types import MappingProxyType
from typing import Dict, List, Mapping, Sequence, Tuple

import numpy as np

from .pose_metainfo import (joined_nodes, layout_graph_over,
                            pose_dataset_info)

TABLE_FILE = osp.join(
    osp.dirname(osp.abspath(__file__)),
    'categories_landmark_ranges_sigmas.json')

PAPER_INFO = MappingProxyType(
    dict(
        author='Yuying Ge and Ruimao Zhang and Lingyun Wu '
        'and Xiaogang Wang and Xiaoou Tang and Ping Luo',
        title='DeepFashion2: A Versatile Benchmark for '
        'Detection, Pose Estimation, Segmentation and '
        'Re-Identification of Clothing Images',
        container='Proceedings of IEEE Conference on Computer '
        'Vision and Pattern Recognition (CVPR)',
        year='2019',
        homepage='https://github.com/switchablenorms/DeepFashion2',
    ))


def _run(first: int, last: int) -> Tuple[int, ...]:
    """Landmarks ``first`` to ``last`` inclusive, either way round."""
    step = 1 if last >= first else -1
    return tuple(range(first, last + step, step))


def _mirror(first: int, last: int) -> Tuple[Tuple[int, int], ...]:
    """The flip pairs of an outline run and its mirror image:
    ``(first, last), (first + 1, last - 1), ...`` up to the middle."""
    return tuple((a, first + last - a) for a in range(first, last)
                 if a < first + last - a)


# category id: mmpose's keypoint-name prefix and colour, the skeleton as
# paths (consecutive landmarks of a path are linked, in this order) and the
# flip pairs, in DeepFashion2's landmark numbers.
# yapf: disable
_LAYOUTS = {
    1: dict(short_name='sss', color=(255, 128, 0),
            outline=((1, 2, *_run(7, 25), 6, 1), _run(2, 6)),
            flip_pairs=((2, 6), (3, 5), *_mirror(7, 25))),
    2: dict(short_name='lss', color=(255, 0, 128),
            outline=((1, 2, *_run(7, 33), *_run(6, 2)), (6, 1)),
            flip_pairs=((2, 6), (3, 5), *_mirror(7, 33))),
    3: dict(short_name='sso', color=(128, 0, 255),
            outline=((1, 4, *_run(7, 16), 31, 30, 2, 3, 4),
                     (1, 6, *_run(25, 17), *_run(29, 26), 5, 6)),
            flip_pairs=((2, 6), (3, 5), (4, 26), *_mirror(7, 25), (16, 29),
                        (27, 30), (28, 31))),
    4: dict(short_name='lso', color=(0, 128, 255),
            outline=((1, 2, *_run(7, 20), 39, 38, 4, 3, 2),
                     (1, 6, *_run(33, 21), *_run(37, 34), 5, 6)),
            flip_pairs=((2, 6), (3, 5), (4, 34), *_mirror(7, 33), (20, 37),
                        (35, 38), (36, 39))),
    5: dict(short_name='vest', color=(0, 128, 128),
            outline=((1, 2, *_run(7, 15), 6, 1), _run(2, 6)),
            flip_pairs=((2, 6), (3, 5), *_mirror(7, 15))),
    6: dict(short_name='sling', color=(0, 0, 128),
            outline=((1, 2, *_run(8, 14), 6), (2, 7), (6, 15), _run(2, 6),
                     (1, 6)),
            flip_pairs=((2, 6), (3, 5), *_mirror(7, 15))),
    7: dict(short_name='shorts', color=(128, 128, 128),
            outline=((1, *_run(4, 10), 3, 2, 1), ),
            flip_pairs=((1, 3), *_mirror(4, 10))),
    8: dict(short_name='trousers', color=(128, 0, 128),
            outline=((1, *_run(4, 14), 3, 2, 1), ),
            flip_pairs=((1, 3), *_mirror(4, 14))),
    9: dict(short_name='skirt', color=(64, 128, 128),
            outline=((1, *_run(4, 8), 3, 2, 1), ),
            flip_pairs=((1, 3), *_mirror(4, 8))),
    10: dict(short_name='ssd', color=(64, 64, 128),
             outline=((1, 2, *_run(7, 29), *_run(6, 2)), (6, 1)),
             flip_pairs=((2, 6), (3, 5), *_mirror(7, 29))),
    11: dict(short_name='lsd', color=(128, 64, 0),
             outline=((1, 2, *_run(7, 37), *_run(6, 2)), (6, 1)),
             flip_pairs=((2, 6), (3, 5), *_mirror(7, 37))),
    12: dict(short_name='vd', color=(128, 64, 255),
             outline=((1, 2, *_run(7, 19), *_run(6, 2)), (6, 1)),
             flip_pairs=((2, 6), (3, 5), *_mirror(7, 19))),
    13: dict(short_name='sd', color=(128, 64, 0),
             outline=((1, 2, *_run(8, 18), *_run(6, 2)), (2, 7), (6, 19),
                      (6, 1)),
             flip_pairs=((2, 6), (3, 5), *_mirror(7, 19))),
}
# yapf: enable


def _check(category: Mapping) -> None:
    """Refuse a layout that does not fit its category's landmark count."""
    numbers = set(range(1, category['num_landmarks'] + 1))
    flipped = [k for pair in category['flip_pairs'] for k in pair]
    if ({k for path in category['outline'] for k in path} != numbers
            or not set(flipped) <= numbers
            or len(flipped) != len(set(flipped))
            or category['end'] - category['start'] != len(numbers)
            or len(category['sigmas']) != len(numbers)):
        raise ValueError(
            f'DeepFashion2 category {category["id"]} '
            f'({category["name"]}): its names, skeleton or flip pairs in '
            f'{__name__} do not fit its {len(numbers)} landmarks of '
            f'{TABLE_FILE}')


def _load_categories() -> Tuple[Mapping, ...]:
    with open(TABLE_FILE, encoding='utf-8') as f:
        rows = json.load(f)
    categories = []
    for row in rows:
        category = dict(
            id=row['category_id'],
            name=row['coco_name'],
            annotation_name=row['annotation_name'],
            num_landmarks=row['num_landmarks'],
            start=row['start'],
            end=row['end'],
            sigmas=tuple(row['sigmas']),
            **_LAYOUTS[row['category_id']])
        _check(category)
        categories.append(MappingProxyType(category))
    return tuple(categories)


# The 13 categories in slot order: mappings with ``id``, ``name`` (COCO
# name, e.g. 'short_sleeved_shirt'), ``annotation_name`` (e.g. 'short
# sleeve top'), ``num_landmarks``, ``start``, ``end`` (its slots), ``sigmas``,
# ``short_name`` (mmpose's prefix, e.g. 'sss'), ``color``, ``outline`` and
# ``flip_pairs`` (see above).
CATEGORIES: Tuple[Mapping, ...] = _load_categories()
CATEGORY_BY_ID: Mapping[int, Mapping] = MappingProxyType(
    {category['id']: category
     for category in CATEGORIES})
# The DeepFashion clothes type (subset) each category belongs to (ours;
# neither dataset publishes one): tops, outwear, vests and slings are
# upper-body clothes, shorts, trousers and skirts lower-body clothes,
# dresses full-body clothes. The synthetic generator draws each category
# with the DeepFashion landmarks of this subset; the DeepFashion2 converter
# names the clothes type of the 8-landmark json it writes for the synthetic
# set with it.
DEEPFASHION_SUBSETS: Mapping[int, str] = MappingProxyType({
    **{category_id: 'upper' for category_id in range(1, 7)},
    **{category_id: 'lower' for category_id in range(7, 10)},
    **{category_id: 'full' for category_id in range(10, 14)},
})
# The slots of all categories together: 294.
NUM_SLOTS: int = CATEGORIES[-1]['end']
# category id -> its slice of the 294 slots.
CATEGORY_SLICES: Mapping[int, slice] = MappingProxyType({
    category['id']: slice(category['start'], category['end'])
    for category in CATEGORIES
})


def category_slots(category_ids: Sequence[int]) -> np.ndarray:
    """The slots (of the 294) of the categories side by side, in the order
    given: a multi-category model's landmarks (e.g. MetaCloth's base model
    over the seen categories)."""
    return np.concatenate([
        np.arange(CATEGORY_SLICES[c].start, CATEGORY_SLICES[c].stop)
        for c in category_ids
    ])


def landmark_names(category: Mapping) -> Tuple[str, ...]:
    """mmpose's names of a category's landmarks, e.g. ``'sss_kpt1'``."""
    return tuple(f'{category["short_name"]}_kpt{k}'
                 for k in range(1, category['num_landmarks'] + 1))


def _metainfo(dataset_name: str, categories: Sequence[Mapping]) -> dict:
    names, colors, flips, links = [], [], [], []
    for category in categories:
        own = landmark_names(category)
        names += own
        colors += [category['color']] * len(own)
        flips += [(own[a - 1], own[b - 1]) for a, b in category['flip_pairs']]
        links += [(own[a - 1], own[b - 1]) for path in category['outline']
                  for a, b in zip(path, path[1:])]
    link_colors = [
        category['color'] for category in categories
        for path in category['outline'] for _ in path[1:]
    ]
    return pose_dataset_info(
        dataset_name,
        PAPER_INFO,
        names,
        colors,
        flips,
        links,
        link_colors,
        sigmas=[s for category in categories for s in category['sigmas']])


def metainfo() -> dict:
    """The mmpose ``dataset_info`` of the 294-slot layout: mmpose's
    ``deepfashion2`` metainfo (names, colours, skeleton) with the two flip
    fixes above and the official sigmas (mmpose ships ``sigmas=[]``).

    Returns:
        dict: The ``dataset_info`` dict, ``dataset_name`` ``'deepfashion2'``.
    """
    return _metainfo('deepfashion2', CATEGORIES)


def category_metainfo(category_id: int) -> dict:
    """The mmpose ``dataset_info`` of one category on its own: its slots of
    :func:`metainfo`, numbered from 0, with their sigmas; the metainfo of
    ``DeepFashion2CategoryDataset(category=category_id)``.

    Args:
        category_id (int): A DeepFashion2 category id, 1..13.

    Returns:
        dict: The ``dataset_info`` dict, ``dataset_name``
        ``'deepfashion2_'`` + the category's name.
    """
    category = CATEGORY_BY_ID[category_id]
    return _metainfo(f'deepfashion2_{category["name"]}', [category])



def categories_metainfo(category_ids: Sequence[int]) -> dict:
    """The mmpose ``dataset_info`` of several categories side by side, in
    the order given, each its slots of :func:`metainfo` renumbered from 0:
    the metainfo of ``DeepFashion2CategoryDataset(category=category_ids)``
    (e.g. MetaCloth's base model over a benchmark's seen categories).

    Args:
        category_ids (Sequence[int]): DeepFashion2 category ids, 1..13.

    Returns:
        dict: The ``dataset_info`` dict, ``dataset_name``
        ``'deepfashion2_categories_'`` + the ids joined by ``'_'``.
    """
    return _metainfo(
        'deepfashion2_categories_' + '_'.join(map(str, category_ids)),
        [CATEGORY_BY_ID[c] for c in category_ids])

# The LGR layout graph of category 1, short sleeved shirt (ours; Yu et al.,
# CVPR 2019, define none for DeepFashion2). 'right' is the kpt7 side, 'left'
# its mirror image by the flip pairs. Clothes parts, each a run of the
# outline closed under the flip pairs, joined where a skeleton link joins
# them; body parts joined as their clothes parts are.
_SHORT_SLEEVED_SHIRT_PARTS = {
    'neckline': _run(1, 6),
    'right sleeve': _run(7, 10),  # shoulder, sleeve outer edge, cuff
    'right side': _run(11, 13),  # armpit, side seam
    'hem': _run(14, 18),
    'left side': _run(19, 21),
    'left sleeve': _run(22, 25),
}
_SHORT_SLEEVED_SHIRT_BODY_PARTS = {
    'neck': ['neckline'],
    'sleeves': ['right sleeve', 'left sleeve'],
    'torso': ['right side', 'hem', 'left side'],
}


def short_sleeved_shirt_layout_graph() -> dict:
    """The LGR layout graph of category 1, short sleeved shirt: its 25
    landmarks -> 6 clothes parts (neckline, sleeves, sides, hem) -> 3 body
    parts (neck, sleeves, torso) -> root.

    Returns:
        dict: The graph, for
        ``mmfashion_lm.structures.LayoutGraph.from_cfg``.
    """
    info = category_metainfo(1)
    names = landmark_names(CATEGORY_BY_ID[1])
    parts: Dict[str, List[str]] = {
        part: [names[k - 1] for k in numbers]
        for part, numbers in _SHORT_SLEEVED_SHIRT_PARTS.items()
    }
    links = [link['link'] for link in info['skeleton_info'].values()]
    return layout_graph_over(
        info['dataset_name'],
        info,
        clothes_parts=parts,
        clothes_part_edges=joined_nodes(parts, links),
        body_parts=_SHORT_SLEEVED_SHIRT_BODY_PARTS)
