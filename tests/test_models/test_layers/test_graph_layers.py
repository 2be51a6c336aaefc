import pytest
import torch
import torch.nn.functional as F
from mmpose.registry import MODELS

from mmfashion_lm.models.layers.graph_convolution import (GraphClustering,
                                                          GraphConvolution,
                                                          GraphDeconvolution,
                                                          normalize_columns)
from mmfashion_lm.models.layers.layout_graph_reasoning import (MapToNode,
                                                               NodeToMap)
from mmfashion_lm.models.layers.pyramid_feature_module import \
    PyramidFeatureModule

# 6 leaves -> 3 parents, parents of leaves: 0 0 1 1 1 2
PARENTS = [0, 0, 1, 1, 1, 2]


def _assignment(parents=PARENTS, num_parents=3):
    assignment = torch.zeros(len(parents), num_parents)
    assignment[torch.arange(len(parents)), torch.tensor(parents)] = 1.
    return assignment


def _normalized_adjacency(num_nodes, edges):
    adjacency = torch.eye(num_nodes, dtype=torch.float64)
    for i, j in edges:
        adjacency[i, j] = adjacency[j, i] = 1.
    inv_sqrt = adjacency.sum(1).rsqrt()
    return inv_sqrt[:, None] * adjacency * inv_sqrt[None, :]


@pytest.fixture(autouse=True)
def _seed():
    """Deterministic initialisations, whatever ran before."""
    torch.manual_seed(0)


LEAF_ADJ = _normalized_adjacency(6, [(0, 1), (1, 2), (2, 3), (3, 5), (4, 5)])


def _nodes(batch=2, num_nodes=6, channels=5, seed=0):
    torch.manual_seed(seed)
    return torch.rand(batch, num_nodes, channels, dtype=torch.float64)


def _features(batch=2, channels=4, size=(3, 5), seed=1):
    torch.manual_seed(seed)
    return torch.randn(batch, channels, *size, dtype=torch.float64)


def _permutation(num=6, seed=2):
    return torch.randperm(num, generator=torch.Generator().manual_seed(seed))


def test_build_from_registry():
    adjacency = torch.eye(3)
    assignment = _assignment()
    for cfg in [
            dict(
                type='MapToNode', in_channels=4, num_nodes=3, node_channels=5),
            dict(type='NodeToMap', in_channels=4, node_channels=5),
            dict(
                type='GraphConvolution',
                in_channels=5,
                out_channels=6,
                adjacency=adjacency),
            dict(
                type='GraphClustering',
                in_channels=5,
                out_channels=6,
                assignment=assignment),
            dict(
                type='GraphDeconvolution',
                in_channels=5,
                out_channels=6,
                assignment=assignment),
            dict(type='PyramidFeatureModule', in_channels=4),
    ]:
        assert type(MODELS.build(cfg)).__name__ == cfg['type']
    assert NodeToMap(4, 5).hidden_channels == 5
    assert NodeToMap(4, 5, hidden_channels=3).hidden_channels == 3
    assert PyramidFeatureModule(4).scales == (1., 0.5, 0.25)


# ---------------------------------------------------------------- Map-to-Node


def test_map_to_node_matches_einsum_reference():
    module = MapToNode(4, num_nodes=3, node_channels=5).double()
    x = _features()
    out = module(x)
    assert out.shape == (2, 3, 5)

    feats = x.flatten(2).transpose(1, 2)  # (B, HW, C)
    w_m = module.assign.weight[:, :, 0, 0]  # (N, C)
    w_t = module.transform.weight[:, :, 0, 0]  # (d, C)
    logits = torch.einsum('bpc,nc->bpn', feats, w_m)
    weights = logits.softmax(dim=1)  # over the positions
    expected = F.relu(torch.einsum('bpn,bpc,dc->bnd', weights, feats, w_t))
    torch.testing.assert_close(out, expected)


def test_map_to_node_softmax_over_positions():
    module = MapToNode(4, num_nodes=3, node_channels=5).double()
    weights = module.soft_assignment(_features())
    assert weights.shape == (2, 3, 15)
    assert (weights > 0).all()
    torch.testing.assert_close(
        weights.sum(-1), torch.ones(2, 3, dtype=torch.float64))


def test_map_to_node_permuting_nodes():
    module = MapToNode(4, num_nodes=6, node_channels=5).double()
    permuted = MapToNode(4, num_nodes=6, node_channels=5).double()
    perm = _permutation()
    state = module.state_dict()
    state['assign.weight'] = state['assign.weight'][perm]
    permuted.load_state_dict(state)
    x = _features()
    torch.testing.assert_close(permuted(x), module(x)[:, perm])


# ---------------------------------------------------------- graph convolution


def test_graph_convolution_matches_hand_computation():
    layer = GraphConvolution(5, 7, LEAF_ADJ).double()
    x = _nodes()
    out = layer(x)
    assert out.shape == (2, 6, 7)
    expected = F.relu(LEAF_ADJ @ x @ layer.weight.weight.t())
    torch.testing.assert_close(out, expected)
    # an explicit (batched) adjacency replaces the buffer
    other = torch.rand(2, 6, 6, dtype=torch.float64)
    torch.testing.assert_close(
        layer(x, other), F.relu(other @ x @ layer.weight.weight.t()))
    # the adjacency comes from the config, not from checkpoints
    assert 'adjacency' not in layer.state_dict()
    with pytest.raises(ValueError, match='adjacency'):
        layer(_nodes(num_nodes=4))


def test_graph_convolution_permutation_equivariant():
    perm = _permutation()
    layer = GraphConvolution(5, 7, LEAF_ADJ).double()
    permuted = GraphConvolution(5, 7, LEAF_ADJ[perm][:, perm]).double()
    permuted.load_state_dict(layer.state_dict())
    x = _nodes()
    torch.testing.assert_close(permuted(x[:, perm]), layer(x)[:, perm])


# --------------------------------------------------------- graph clustering


def test_normalize_columns_is_orthonormal():
    weights = normalize_columns(_assignment())
    torch.testing.assert_close(weights.t() @ weights, torch.eye(3))
    torch.testing.assert_close(weights[:, 1],
                               torch.tensor([0, 0, 1, 1, 1, 0.]) / 3**0.5)
    # an empty column stays zero instead of NaN
    assert normalize_columns(torch.zeros(3, 2)).eq(0).all()


def test_clustering_starts_orthogonal():
    layer = GraphClustering(5, 7, _assignment())
    for pooling in (layer.adjacency_pooling, layer.feature_pooling):
        torch.testing.assert_close(pooling.t() @ pooling, torch.eye(3))
    assert layer.orthogonality_loss().item() == pytest.approx(0, abs=1e-12)
    with torch.no_grad():
        layer.adjacency_pooling.add_(0.1 * torch.randn(6, 3))
    assert layer.orthogonality_loss().item() > 1e-4
    expected = (layer.adjacency_pooling.t() @ layer.adjacency_pooling -
                torch.eye(3)).norm()**2
    torch.testing.assert_close(layer.orthogonality_loss(), expected)


def test_clustering_matches_eqs_2_and_3():
    layer = GraphClustering(5, 7, _assignment()).double()
    with torch.no_grad():  # away from the init, with negative entries
        layer.adjacency_pooling.add_(0.5 * torch.randn(6, 3))
        layer.feature_pooling.add_(0.5 * torch.randn(6, 3))
        # (W_p^T A W_p)[0, 2] = -w_0^T A w_0 < 0: Eq. 3's ReLU clips it
        layer.adjacency_pooling[:, 2] = -layer.adjacency_pooling[:, 0]
    x = _nodes()
    out, adjacency = layer(x, LEAF_ADJ)
    assert out.shape == (2, 3, 7) and adjacency.shape == (3, 3)
    w_p, w_pf = layer.adjacency_pooling, layer.feature_pooling
    w_h = layer.weight.weight.t()
    torch.testing.assert_close(out, F.relu(w_pf.t() @ LEAF_ADJ @ x @ w_h))
    torch.testing.assert_close(adjacency, F.relu(w_p.t() @ LEAF_ADJ @ w_p))
    assert adjacency[0, 2] == 0 and adjacency[2, 0] == 0


def test_clustering_invariant_to_leaf_order():
    """Permuting the leaves (features, adjacency rows/columns, rows of the
    clustering matrices) leaves the parent level unchanged."""
    perm = _permutation()
    layer = GraphClustering(5, 7, _assignment()).double()
    permuted = GraphClustering(5, 7, _assignment()[perm]).double()
    permuted.weight.load_state_dict(layer.weight.state_dict())
    x = _nodes()
    out, adjacency = layer(x, LEAF_ADJ)
    out_p, adjacency_p = permuted(x[:, perm], LEAF_ADJ[perm][:, perm])
    torch.testing.assert_close(out_p, out)
    torch.testing.assert_close(adjacency_p, adjacency)


# ------------------------------------------------------ graph deconvolution


def test_deconvolution_matches_hand_computation():
    layer = GraphDeconvolution(5, 7, _assignment()).double()
    torch.testing.assert_close(layer.unpooling,
                               normalize_columns(_assignment()).double())
    parents = _nodes(num_nodes=3)
    parent_adj = torch.rand(3, 3, dtype=torch.float64)
    out = layer(parents, parent_adj)
    assert out.shape == (2, 6, 7)
    expected = F.relu(
        layer.unpooling @ parent_adj @ parents @ layer.weight.weight.t())
    torch.testing.assert_close(out, expected)
    with pytest.raises(ValueError, match='adjacency'):
        layer(parents, torch.eye(6, dtype=torch.float64))


def test_deconvolution_permutes_with_children():
    perm = _permutation()
    layer = GraphDeconvolution(5, 7, _assignment()).double()
    permuted = GraphDeconvolution(5, 7, _assignment()[perm]).double()
    permuted.weight.load_state_dict(layer.weight.state_dict())
    parents = _nodes(num_nodes=3)
    parent_adj = torch.rand(3, 3, dtype=torch.float64)
    torch.testing.assert_close(
        permuted(parents, parent_adj),
        layer(parents, parent_adj)[:, perm])


# ------------------------------------------------------------- Node-to-Map


def test_node_to_map_matches_concatenated_form():
    """``w^T ReLU([F_i; X_n] U + b)`` with the concatenation materialised."""
    module = NodeToMap(4, node_channels=5, hidden_channels=3).double()
    x, nodes = _features(), _nodes()
    out = module(x, nodes)
    assert out.shape == x.shape

    feats = x.flatten(2).transpose(1, 2)  # (B, HW, C)
    hw, num = feats.shape[1], nodes.shape[1]
    per_position = feats[:, :, None].expand(-1, -1, num, -1)
    per_node = nodes[:, None].expand(-1, hw, -1, -1)
    concat = torch.cat([per_position, per_node], dim=-1)  # (B, HW, N, C+d)
    u = torch.cat([
        module.feature_proj.weight[:, :, 0, 0].t(),
        module.node_proj.weight.t()
    ])  # (C + d, h)
    scores = F.relu(concat @ u + module.node_proj.bias) @ \
        module.score.weight[0]
    weights = scores.softmax(dim=-1)
    torch.testing.assert_close(module.node_weights(x, nodes), weights)
    values = F.relu(nodes @ module.transform.weight.t())  # (B, N, C)
    expected = F.relu(weights @ values).transpose(1, 2).reshape(x.shape)
    torch.testing.assert_close(out, expected)


def test_node_to_map_weights_depend_on_position():
    module = NodeToMap(4, node_channels=5).double()
    weights = module.node_weights(_features(), _nodes())
    assert weights.shape == (2, 15, 6)
    torch.testing.assert_close(
        weights.sum(-1), torch.ones(2, 15, dtype=torch.float64))
    spread = (weights - weights.mean(dim=1, keepdim=True)).abs().amax()
    assert spread > 1e-3


def test_eq_4_as_written_ignores_the_position():
    """Why the hidden layer: a linear score ``[F_i; X_n] w`` gives the same
    softmax over the nodes at every position."""
    x, nodes = _features(), _nodes()
    w_f = torch.randn(4, dtype=torch.float64)
    w_x = torch.randn(5, dtype=torch.float64)
    feats = x.flatten(2).transpose(1, 2)
    scores = (feats @ w_f)[:, :, None] + (nodes @ w_x)[:, None, :]
    weights = scores.softmax(dim=-1)
    torch.testing.assert_close(weights, weights[:, :1].expand_as(weights))


# ------------------------------------------------- pyramid feature module


@pytest.mark.parametrize('size', [(8, 8), (7, 5), (2, 3)])
def test_pyramid_feature_module_shape(size):
    module = PyramidFeatureModule(4)
    x = torch.randn(2, 4, *size)
    assert module(x).shape == x.shape


def test_pyramid_feature_module_matches_hand_computation():
    module = PyramidFeatureModule(4, scales=(1, 0.5)).double().eval()
    with torch.no_grad():
        for branch in module.branches:
            branch.bn.running_mean.uniform_(-1, 1)
            branch.bn.running_var.uniform_(0.5, 2)
    x = _features(size=(6, 6))
    full = module.branches[0](x)
    half = module.branches[1](F.avg_pool2d(x, 2))
    expected = x + full + F.interpolate(
        half, size=(6, 6), mode='bilinear', align_corners=False)
    torch.testing.assert_close(module(x), expected)


def test_pyramid_feature_module_is_residual():
    module = PyramidFeatureModule(4).eval()
    for branch in module.branches:
        torch.nn.init.zeros_(branch.conv.weight)
    x = torch.randn(2, 4, 8, 8)
    torch.testing.assert_close(module(x), x)
    with pytest.raises(ValueError, match='scales'):
        PyramidFeatureModule(4, scales=(1, 2))
