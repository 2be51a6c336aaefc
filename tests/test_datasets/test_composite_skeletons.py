"""The composite-fields skeletons (mmfashion_lm.datasets.metainfo.
composite_skeletons): DeepFashion A and B, each subset's, DeepFashion2's."""
import pytest
from mmpose.datasets.datasets.utils import parse_pose_metainfo

from mmfashion_lm.datasets.metainfo import (SKELETON_NAMES,
                                            composite_skeleton, deepfashion,
                                            deepfashion2)


def _links(*name_pairs):
    index = deepfashion.LANDMARKS.index
    return tuple((index(a), index(b)) for a, b in name_pairs)


SKELETON_A = _links(
    ('left collar', 'right collar'), ('left sleeve', 'right sleeve'),
    ('left waistline', 'right waistline'), ('left hem', 'right hem'),
    ('left collar', 'left sleeve'), ('right collar', 'right sleeve'),
    ('left collar', 'left hem'), ('right collar', 'right hem'),
    ('left waistline', 'left hem'), ('right waistline', 'right hem'))


def _metainfo(name):
    """The mmpose metainfo of the layout a skeleton is over."""
    if name == 'deepfashion2':
        return deepfashion2.metainfo()
    if name.startswith('deepfashion2_'):
        category, = (c for c in deepfashion2.CATEGORIES
                     if name == f'deepfashion2_{c["name"]}')
        return deepfashion2.category_metainfo(category['id'])
    return deepfashion.metainfo(name.split('_')[1])


def _connected(nodes, links):
    """Whether ``links`` among ``nodes`` connect them all."""
    nodes = set(nodes)
    reached, frontier = set(), [min(nodes)]
    while frontier:
        node = frontier.pop()
        if node in reached:
            continue
        reached.add(node)
        frontier += [b for a, b in links if a == node and b in nodes]
        frontier += [a for a, b in links if b == node and a in nodes]
    return reached == nodes


def test_skeletons_a_and_b():
    assert composite_skeleton('deepfashion_full_A') == SKELETON_A
    # B also joins each collar to the waistline of its side
    assert composite_skeleton('deepfashion_full_B') == SKELETON_A + _links(
        ('left collar', 'left waistline'), ('right collar', 'right waistline'))
    assert composite_skeleton('deepfashion_full_A') == ((0, 1), (2, 3), (4, 5),
                                                       (6, 7), (0, 2), (1, 3),
                                                       (0, 6), (1, 7), (4, 6),
                                                       (5, 7))


@pytest.mark.parametrize('name', ['deepfashion_full_A', 'deepfashion_full_B'])
@pytest.mark.parametrize('subset', deepfashion.SUBSETS)
def test_full_layout_skeletons_connect_every_clothes_type(name, subset):
    """The single model's garments: the links among the slots of each
    clothes type connect them (an upper garment has no waistline)."""
    assert _connected(deepfashion.SUBSET_SLOTS[subset],
                      composite_skeleton(name))


def test_without_collar_hem_a_would_not_connect_an_upper_garment():
    without = [link for link in SKELETON_A if link not in _links(
        ('left collar', 'left hem'), ('right collar', 'right hem'))]
    assert not _connected(deepfashion.SUBSET_SLOTS['upper'], without)


@pytest.mark.parametrize('subset', deepfashion.SUBSETS)
def test_subset_skeletons_are_the_outline(subset):
    info = parse_pose_metainfo(deepfashion.metainfo(subset))
    skeleton = composite_skeleton(f'deepfashion_{subset}')
    assert skeleton == tuple(map(tuple, info['skeleton_links']))
    assert _connected(range(info['num_keypoints']), skeleton)


def test_deepfashion2_links_stay_in_each_category():
    skeleton = composite_skeleton('deepfashion2')
    assert len(skeleton) == 304
    for category in deepfashion2.CATEGORIES:
        start, end = category['start'], category['end']
        own = [(a, b) for a, b in skeleton if start <= a < end]
        assert all(start <= b < end for _, b in own)
        assert _connected(range(start, end), own)
        # one category on its own: the same links, numbered from 0
        assert composite_skeleton(f'deepfashion2_{category["name"]}') == tuple(
            (a - start, b - start) for a, b in own)
    # every link joins landmarks of one category
    assert sum(
        len(composite_skeleton(f'deepfashion2_{c["name"]}'))
        for c in deepfashion2.CATEGORIES) == len(skeleton)


def test_deepfashion2_is_mmposes_skeleton_but_the_outwear_fix():
    """mmpose's links, but for the short sleeve outwear's left outline,
    which runs as the long sleeve outwear's does."""
    info = parse_pose_metainfo(deepfashion2.metainfo())
    mmpose_links = set(map(tuple, info['skeleton_links']))
    ours = set(composite_skeleton('deepfashion2'))
    start = deepfashion2.CATEGORY_BY_ID[3]['start'] - 1  # 1-based numbers
    # mmpose: 1-4-7 ... 16-31-30-2-3-4; ours: 1-2-7 ... 16-31-30-4-3-2
    assert mmpose_links - ours == {(start + a, start + b) for a, b in (
        (1, 4), (4, 7), (30, 2), (2, 3), (3, 4))}
    assert ours - mmpose_links == {(start + a, start + b) for a, b in (
        (1, 2), (2, 7), (30, 4), (4, 3), (3, 2))}


@pytest.mark.parametrize('name', SKELETON_NAMES)
def test_a_flip_maps_every_link_onto_a_link(name):
    """The flip test swaps links by the flip pairs: each link's mirror image
    is a link, stored either way round; no link twice."""
    flip = parse_pose_metainfo(_metainfo(name))['flip_indices']
    skeleton = composite_skeleton(name)
    links = set(skeleton)
    assert len({frozenset(link) for link in skeleton}) == len(skeleton)
    for a, b in skeleton:
        assert a != b
        assert (flip[a], flip[b]) in links or (flip[b], flip[a]) in links, \
            (a, b)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match='deepfashion_full_B') as error:
        composite_skeleton('deepfashion_C')
    assert 'deepfashion2_short_sleeved_shirt' in str(error.value)
    assert 'deepfashion_C' in str(error.value)
