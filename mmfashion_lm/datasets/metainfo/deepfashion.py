"""The DeepFashion / FLD landmark table: the 8 landmarks of the full-body
layout, DeepFashion's clothes types and the subsets they annotate, and the
mmpose metainfo and LGR layout graphs built from them.

DeepFashion (Category and Attribute Prediction benchmark) annotates each
garment with the landmarks of its clothes type: 1 upper body (collars,
sleeves, hems: 6), 2 lower body (waistlines, hems: 4), 3 full body (all 8);
FLD rows always carry all 8, those the clothes type lacks truncated. The
order is mmpose's ``deepfashion_{upper,lower,full}`` metainfo's, so mmpose's
models and ours mix. Everything else here (names, slots, flip pairs, the
garment-outline skeleton, the layout graphs) is built from these few lines;
the converters, the datasets, the synthetic generator and the metainfo
files of ``configs/_base_/metainfo/`` all read them.

"Left" is the image-left side of a front view, as in the real FLD images.
"""
from types import MappingProxyType
from typing import Dict, List, Mapping, Tuple

from .pose_metainfo import layout_graph_over, pose_dataset_info

PAPER_INFO = MappingProxyType(
    dict(
        author='Liu, Ziwei and Luo, Ping and Qiu, Shi '
        'and Wang, Xiaogang and Tang, Xiaoou',
        title='DeepFashion: Powering Robust Clothes Recognition '
        'and Retrieval with Rich Annotations',
        container='Proceedings of IEEE Conference on Computer '
        'Vision and Pattern Recognition (CVPR)',
        year='2016',
        homepage='http://mmlab.ie.cuhk.edu.hk/projects/'
        'DeepFashion/LandmarkDetection.html',
    ))

SIDES = ('left', 'right')
# The garment parts that carry a landmark on each side, in layout order.
PARTS = ('collar', 'sleeve', 'waistline', 'hem')
# The full-body layout: ('left collar', 'right collar', 'left sleeve', ...).
LANDMARKS = tuple(f'{side} {part}' for part in PARTS for side in SIDES)
# The parts of each subset; DeepFashion's clothes types 1, 2, 3 are the
# subsets in this order.
SUBSET_PARTS: Mapping[str, Tuple[str, ...]] = MappingProxyType({
    'upper': ('collar', 'sleeve', 'hem'),
    'lower': ('waistline', 'hem'),
    'full': PARTS,
})
SUBSETS = tuple(SUBSET_PARTS)
CLOTHES_TYPE_SUBSETS: Mapping[int, str] = MappingProxyType(
    dict(enumerate(SUBSETS, start=1)))
# The slots of each subset's landmarks in the full-body layout, e.g. upper
# (0, 1, 2, 3, 6, 7): a subset's landmark i goes to slot SUBSET_SLOTS[i].
SUBSET_SLOTS: Mapping[str, Tuple[int, ...]] = MappingProxyType({
    subset: tuple(
        LANDMARKS.index(f'{side} {part}') for part in parts for side in SIDES)
    for subset, parts in SUBSET_PARTS.items()
})

# The garment outline: each side runs down these parts (those a subset
# has), the sleeves hang on the collars, and each of these parts' two
# landmarks are joined across.
_DOWN_EACH_SIDE = ('collar', 'waistline', 'hem')
# LGR's body-part level (Yu et al., CVPR 2019) over each subset's parts.
_BODY_PARTS: Mapping[str, Dict[str, Tuple[str, ...]]] = MappingProxyType({
    'upper': dict(upper=('collar', 'sleeve', 'hem')),
    'lower': dict(lower=('waistline', 'hem')),
    'full': dict(upper=('collar', 'sleeve'), lower=('waistline', 'hem')),
})
_COLORS = dict(left=(0, 255, 0), right=(255, 128, 0), across=(51, 153, 255))


def subset_landmarks(subset: str) -> Tuple[str, ...]:
    """The landmark names of ``subset`` (``'upper'``, ``'lower'`` or
    ``'full'``), in its keypoint order."""
    return tuple(LANDMARKS[i] for i in SUBSET_SLOTS[subset])


PartLinks = List[Tuple[str, str]]


def _outline(parts: Tuple[str, ...]) -> List[Tuple[str, PartLinks]]:
    """Each part down the side, with the part links that leave it (to the
    sleeve, to the next part down)."""
    chain = [part for part in _DOWN_EACH_SIDE if part in parts]
    outline = []
    for i, part in enumerate(chain):
        down = [(part, 'sleeve')] if part == 'collar' and \
            'sleeve' in parts else []
        down += [(part, chain[i + 1])] if i + 1 < len(chain) else []
        outline.append((part, down))
    return outline


def metainfo(subset: str) -> dict:
    """The mmpose ``dataset_info`` of ``subset``: mmpose's
    ``deepfashion_<subset>`` layout (names, order, flip pairs) with
    consecutive ids and a garment-outline skeleton. ``sigmas`` stay empty:
    no per-landmark OKS constants were ever published for DeepFashion /
    FLD, whose benchmarks score NE and PDL (docs/metrics.md).

    Args:
        subset (str): ``'upper'``, ``'lower'`` or ``'full'``.

    Returns:
        dict: The ``dataset_info`` dict, ``dataset_name`` ``'deepfashion_'``
        + ``subset``.
    """
    names = subset_landmarks(subset)
    links, link_colors = [], []
    for part, down in _outline(SUBSET_PARTS[subset]):
        links.append(tuple(f'{side} {part}' for side in SIDES))
        link_colors.append(_COLORS['across'])
        for upper, lower in down:
            for side in SIDES:
                links.append((f'{side} {upper}', f'{side} {lower}'))
                link_colors.append(_COLORS[side])
    return pose_dataset_info(
        f'deepfashion_{subset}',
        PAPER_INFO,
        names,
        colors=[_COLORS[name.split()[0]] for name in names],
        flip_pairs=[tuple(f'{side} {part}' for side in SIDES)
                    for part in SUBSET_PARTS[subset]],
        links=links,
        link_colors=link_colors)


def layout_graph(subset: str) -> dict:
    """The LGR layout graph of ``subset``: its landmarks -> clothes parts
    (a part's two landmarks; parts joined along the outline) -> body parts
    (upper, lower) -> root.

    Args:
        subset (str): ``'upper'``, ``'lower'`` or ``'full'``.

    Returns:
        dict: The graph, named ``'deepfashion_'`` + ``subset``, for
        ``mmfashion_lm.structures.LayoutGraph.from_cfg``.
    """
    parts = SUBSET_PARTS[subset]
    return layout_graph_over(
        f'deepfashion_{subset}',
        metainfo(subset),
        clothes_parts={
            part: [f'{side} {part}' for side in SIDES]
            for part in parts
        },
        clothes_part_edges=[
            edge for _, down in _outline(parts) for edge in down
        ],
        body_parts=_BODY_PARTS[subset])
