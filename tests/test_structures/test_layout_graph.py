import copy
import glob
import math
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmpose.datasets.datasets.utils import parse_pose_metainfo

from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_SLICES
from mmfashion_lm.structures import LayoutGraph, LayoutGraphError
from ..conftest import REPO_ROOT

DATASETS = osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo')
FULL_GRAPH = osp.join(DATASETS, 'deepfashion_full_layout_graph.py')

# graph file -> [(metainfo file, keypoint slots of the graph's leaves)]; a
# metainfo file named like the graph file without '_layout_graph' (all its
# keypoints) is checked too when it exists
GRAPH_METAINFO = {
    'deepfashion_full_layout_graph.py': [],
    'deepfashion_upper_layout_graph.py': [],
    'deepfashion_lower_layout_graph.py': [],
    'deepfashion2_short_sleeved_shirt_layout_graph.py':
    [('deepfashion2.py',
      range(CATEGORY_SLICES[1].start, CATEGORY_SLICES[1].stop))],
}


def small_cfg():
    """3 leaves on a path a-b-c -> 2 parts -> root."""
    return dict(
        name='small',
        leaves=['a', 'b', 'c'],
        leaf_edges=[('a', 'b'), (1, 2)],
        levels=[
            dict(
                name='part',
                nodes=dict(p=['a', 'b'], q=[2]),
                edges=[('p', 'q')]),
            dict(name='root', nodes=dict(root=['p', 'q'])),
        ])


def full_cfg():
    return Config.fromfile(FULL_GRAPH)['layout_graph'].to_dict()


def test_normalized_adjacency_hand_checked():
    graph = LayoutGraph.from_cfg(small_cfg())
    assert graph.edges(0) == [(0, 1), (1, 2)]
    raw = graph.adjacency(0, normalized=False)
    assert raw.dtype == torch.float32
    assert torch.equal(raw, torch.tensor([[0., 1, 0], [1, 0, 1], [0, 1, 0]]))
    adj = graph.adjacency(0)
    assert adj.dtype == torch.float32 and adj.shape == (3, 3)
    # degrees with self-loops: 2, 3, 2
    assert adj[0, 0].item() == pytest.approx(1 / 2)
    assert adj[1, 1].item() == pytest.approx(1 / 3)
    assert adj[2, 2].item() == pytest.approx(1 / 2)
    assert adj[0, 1].item() == pytest.approx(1 / math.sqrt(6))
    assert adj[1, 2].item() == pytest.approx(1 / math.sqrt(6))
    assert adj[0, 2].item() == 0
    assert torch.equal(adj, adj.T)
    # the single root without edges: the identity
    assert torch.equal(graph.adjacency('root'), torch.eye(1))
    assert torch.equal(graph.adjacency(2, normalized=False), torch.zeros(1, 1))


def test_full_graph_structure():
    graph = LayoutGraph.from_cfg(dict(from_file=FULL_GRAPH))
    assert graph.name == 'deepfashion_full'
    assert graph.num_leaves == 8 and graph.num_levels == 3
    assert graph.level_names == ('leaf', 'clothes-part', 'body-part', 'root')
    assert graph.node_names(1) == ('collar', 'sleeve', 'waistline', 'hem')
    assert [graph.num_nodes(level) for level in range(4)] == [8, 4, 2, 1]
    assert graph.node_names(0) == graph.leaf_names
    kinds = graph.leaf_edge_kinds()
    assert sorted(kinds) == ['kinematic', 'symmetry']
    assert kinds['symmetry'] == [(0, 1), (2, 3), (4, 5), (6, 7)]
    assert len(kinds['kinematic']) == 6
    assert graph.edges(0) == sorted(kinds['symmetry'] + kinds['kinematic'])
    assert graph.edges('clothes-part') == [(0, 1), (0, 2), (2, 3)]
    for level in range(4):
        adj = graph.adjacency(level)
        assert torch.allclose(adj, adj.T)
        # every row of D^-1/2 (A + I) D^-1/2 has a positive diagonal
        assert (adj.diagonal() > 0).all()
    for level in range(1, 4):
        assign = graph.assignment(level)
        assert assign.dtype == torch.float32
        assert assign.shape == (graph.num_nodes(level - 1),
                                graph.num_nodes(level))
        assert torch.equal(assign.sum(dim=1), torch.ones(len(assign)))
        assert set(assign.unique().tolist()) <= {0., 1.}
    assert graph.assignment(1).argmax(dim=1).tolist() == [
        0, 0, 1, 1, 2, 2, 3, 3
    ]
    assert graph.assignment(2).argmax(dim=1).tolist() == [0, 0, 1, 1]
    assert 'deepfashion_full' in repr(graph) and 'root(1)' in repr(graph)
    with pytest.raises(LayoutGraphError, match=r'expected 1 \.\. 3'):
        graph.assignment(0)


def test_edges_and_children_by_index_and_dedup():
    cfg = small_cfg()
    cfg['leaf_edges'] = [('a', 'b'), ('b', 'a'), (0, 1), (2, 'b')]
    cfg['levels'][0]['nodes'] = dict(p=[0, 1], q=['c'])
    cfg['levels'][0]['edges'] = [(1, 0), ('p', 'q')]
    graph = LayoutGraph.from_cfg(cfg)
    assert graph.edges(0) == [(0, 1), (1, 2)]
    assert graph.leaf_edge_kinds() == {'generic': [(0, 1), (1, 2)]}
    assert graph.edges(1) == [(0, 1)]
    assert graph.parents(1) == (0, 0, 1)


def test_truncated():
    graph = LayoutGraph.from_cfg(full_cfg())
    assert graph.truncated(3) is graph
    for num_levels in (1, 2):
        part = graph.truncated(num_levels)
        assert part.num_levels == num_levels
        assert part.level_names == graph.level_names[:num_levels + 1]
        for level in range(num_levels + 1):
            assert part.edges(level) == graph.edges(level)
            assert torch.equal(part.adjacency(level), graph.adjacency(level))
        assert part.leaf_edge_kinds() == graph.leaf_edge_kinds()
    assert graph.truncated(1).num_nodes(1) == 4
    for bad in (0, 4, -1):
        with pytest.raises(LayoutGraphError, match=r'expected 1 \.\. 3'):
            graph.truncated(bad)


def test_from_cfg_file_round_trip(tmp_path):
    cfg = small_cfg()
    path = str(tmp_path / 'small_layout_graph.py')
    Config(dict(layout_graph=cfg)).dump(path)
    graph = LayoutGraph.from_cfg(dict(from_file=path))
    direct = LayoutGraph.from_cfg(cfg)
    assert graph.leaf_names == direct.leaf_names
    assert graph.level_names == direct.level_names
    for level in range(graph.num_levels + 1):
        assert graph.node_names(level) == direct.node_names(level)
        assert graph.edges(level) == direct.edges(level)
        assert torch.equal(graph.adjacency(level), direct.adjacency(level))
    for level in range(1, graph.num_levels + 1):
        assert torch.equal(graph.assignment(level), direct.assignment(level))
    # an existing graph is returned as is
    assert LayoutGraph.from_cfg(graph) is graph
    # a model config that refers to a graph file
    model_cfg = tmp_path / 'model.py'
    model_cfg.write_text(f'layout_graph = dict(from_file={FULL_GRAPH!r})\n')
    assert LayoutGraph.from_cfg(
        dict(from_file=str(model_cfg))).name == 'deepfashion_full'


def test_from_file_errors(tmp_path):
    missing = str(tmp_path / 'missing.py')
    with pytest.raises(LayoutGraphError, match='missing.py does not exist'):
        LayoutGraph.from_cfg(dict(from_file=missing))
    other = tmp_path / 'other.py'
    other.write_text('dataset_info = dict(a=1)\n')
    with pytest.raises(LayoutGraphError, match='other.py defines no'):
        LayoutGraph.from_cfg(dict(from_file=str(other)))
    # a malformed graph in a file: the message names the file first
    orphan = tmp_path / 'orphan_layout_graph.py'
    orphan.write_text(
        "layout_graph = dict(name='g', leaves=['a', 'b'], levels=["
        "dict(name='root', nodes=dict(root=['a']))])\n")
    with pytest.raises(
            LayoutGraphError,
            match=r"orphan_layout_graph.py: .*leaf 'b' has no parent"):
        LayoutGraph.from_cfg(dict(from_file=str(orphan)))


@pytest.mark.parametrize(
    'mutate, match',
    [
        # a leaf without a parent
        (lambda c: c['levels'][0]['nodes'].update(q=[]),
         "node 'q' must list its children"),
        (lambda c: c['levels'][0]['nodes'].pop('q'),
         "leaf 'c' has no parent in level 'part'"),
        # an edge to a node that does not exist, by name and by index
        (lambda c: c['leaf_edges'].append(('a', 'z')),
         "level 'leaf': edge .* names node 'z', which does not exist"),
        (lambda c: c['leaf_edges'].append(
            (0, 3)), r'node index 3, out of range: expected 0 \.\. 2'),
        (lambda c: c['levels'][0]['edges'].append(
            ('p', 'r')), "level 'part': edge .* 'r', which does not exist"),
        (lambda c: c['levels'][0]['edges'].append(
            (0, -1)), r'index -1, out of range: expected 0 \.\. 1'),
        # a self-edge
        (lambda c: c['leaf_edges'].append(
            ('b', 'b')), "joins node 'b' to itself"),
        # a child with two parents
        (lambda c: c['levels'][0]['nodes'].update(q=['b', 'c']),
         "leaf 'b' is a child of both 'p' and 'q': every node belongs to "
         'exactly one parent'),
        (lambda c: c['levels'][1]['nodes'].update(other=['q']),
         "node 'q' is a child of both 'root' and 'other'"),
        # a child that does not exist in the level below
        (lambda c: c['levels'][1]['nodes'].update(root=['p', 'x']),
         "level 'part': child of node 'root' names node 'x'"),
        # duplicate names, no leaves, an empty level
        (lambda c: c.update(leaves=['a', 'b', 'a']),
         "level 'leaf': duplicate node name 'a'"),
        (lambda c: c.update(leaves=[]), "'small' has no leaves"),
        (lambda c: c['levels'][0].update(nodes={}),
         "level 'part' has no nodes"),
        # unknown keys
        (lambda c: c.update(leafs=['a']), "unknown key 'leafs'"),
        (lambda c: c['levels'][0].update(edge=[]), "unknown key 'edge'"),
        # the last level is not a single root
        (lambda c: c['levels'].pop(),
         "the last level 'part' must have exactly one node"),
        (lambda c: c.update(levels=[]), 'has no levels'),
        # missing key
        (lambda c: c.pop('levels'), "has no 'levels'"),
    ])
def test_malformed_graphs(mutate, match):
    cfg = copy.deepcopy(small_cfg())
    mutate(cfg)
    with pytest.raises(LayoutGraphError, match=match) as info:
        LayoutGraph.from_cfg(cfg)
    if 'leaves' in cfg and cfg['leaves']:
        assert "'small'" in str(info.value)


def _metainfo(metainfo_file, slots=None):
    """(keypoint names of ``slots``, parsed metainfo) of a metainfo file."""
    metainfo = parse_pose_metainfo(dict(from_file=metainfo_file))
    if slots is None:
        slots = range(metainfo['num_keypoints'])
    return [metainfo['keypoint_id2name'][i] for i in slots], metainfo


def test_check_landmarks():
    graph = LayoutGraph.from_cfg(dict(from_file=FULL_GRAPH))
    upper = osp.join(DATASETS, 'deepfashion_upper.py')
    names, _ = _metainfo(upper)
    with pytest.raises(
            LayoutGraphError,
            match=r'has 8 leaves but .*deepfashion_upper\.py has 6 '
            'landmarks'):
        graph.check_landmarks(names, source=upper)
    swapped = list(graph.leaf_names)
    swapped[2], swapped[3] = swapped[3], swapped[2]
    with pytest.raises(
            LayoutGraphError,
            match="leaf 2 is 'left sleeve' but landmark 2 of my.py is "
            "'right sleeve'"):
        graph.check_landmarks(swapped, source='my.py')
    graph.check_landmarks(list(graph.leaf_names), source='my.py')


def test_graph_files_match_their_metainfo():
    files = sorted(glob.glob(osp.join(DATASETS, '*_layout_graph.py')))
    assert len(files) >= 4
    for path in files:
        name = osp.basename(path)
        assert name in GRAPH_METAINFO, (
            f'{name}: add its metainfo file to GRAPH_METAINFO')
        checks = list(GRAPH_METAINFO[name])
        sibling = name.replace('_layout_graph.py', '.py')
        if osp.isfile(osp.join(DATASETS, sibling)):
            checks.append((sibling, None))
        assert checks, f'{name}: no metainfo file to check it against'
        graph = LayoutGraph.from_cfg(dict(from_file=path))
        assert graph.num_nodes(graph.num_levels) == 1
        for metainfo_name, slots in checks:
            _check_against_metainfo(graph, osp.join(DATASETS, metainfo_name),
                                    slots)


def _check_against_metainfo(graph, metainfo_file, slots):
    names, metainfo = _metainfo(metainfo_file, slots)
    graph.check_landmarks(names, source=metainfo_file)
    # symmetry edges = the metainfo's flip pairs inside the graph
    slots = list(slots or range(len(names)))
    local = {slot: i for i, slot in enumerate(slots)}
    flips = {
        tuple(sorted((local[s], local[metainfo['flip_indices'][s]])))
        for s in slots if metainfo['flip_indices'][s] != s
    }
    kinds = graph.leaf_edge_kinds()
    assert set(kinds['symmetry']) == flips, metainfo_file
    # kinematic edges are skeleton links of the metainfo
    links = {
        tuple(sorted((local[a], local[b])))
        for a, b in metainfo['skeleton_links'] if a in local and b in local
    }
    assert set(kinds['kinematic']) <= links, metainfo_file
