import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from mmpose.registry import MODELS

from mmfashion_lm.models.layers.layout_graph import LayoutGraph
from mmfashion_lm.models.layers.layout_graph_reasoning import \
    LayoutGraphReasoning
from mmfashion_lm.models.layers import GCNStack, LGRStack

GRAPH_FILE = osp.join(
    osp.dirname(__file__), '..', '..', '..', 'configs', '_base_', 'datasets',
    'deepfashion_full_layout_graph.py')
GRAPH_CFG = dict(from_file=GRAPH_FILE)  # 8 leaves -> 4 -> 2 -> 1


@pytest.fixture(autouse=True)
def _seed():
    """Deterministic initialisations, whatever ran before."""
    torch.manual_seed(0)


@pytest.fixture(scope='module')
def graph():
    return LayoutGraph.from_cfg(GRAPH_CFG)


def _features(batch=2, channels=8, size=(6, 7), seed=0, dtype=torch.float32):
    torch.manual_seed(seed)
    return torch.randn(batch, channels, *size, dtype=dtype)


def _perturb_clustering(module, scale=0.3, seed=3):
    """Move every clustering / deconvolution matrix away from its init."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, param in module.named_parameters():
            if name.endswith(('pooling', 'unpooling')):
                param.add_(scale * torch.randn_like(param))


def _assert_every_parameter_learns(module, out):
    """Nothing is zero-initialised, so every parameter gets a gradient at
    the first step. With ReLUs and no biases a very narrow node width (say
    6) can leave a whole graph level dead for some initialisations; the
    tests use 16 channels."""
    # a random projection: the plain sum of the outputs of a train-mode BN
    # is a constant, which would hide missing gradients behind it
    torch.manual_seed(5)
    (out * torch.randn_like(out)).sum().backward()
    for name, param in module.named_parameters():
        assert param.grad is not None, name
        assert param.grad.abs().sum() > 0, name


@pytest.mark.parametrize('num_levels', [None, 1, 2, 3])
def test_lgr_layer_levels(graph, num_levels):
    layer = LayoutGraphReasoning(
        8, GRAPH_CFG, node_channels=6, num_levels=num_levels)
    expected_levels = num_levels or graph.num_levels
    assert layer.num_levels == expected_levels
    assert len(layer.clusterings) == expected_levels
    assert len(layer.deconvolutions) == expected_levels
    assert len(layer.up_reasonings) == expected_levels + 1
    assert len(layer.down_reasonings) == expected_levels
    sizes = [graph.num_nodes(level) for level in range(expected_levels + 1)]
    assert [c.out_nodes for c in layer.clusterings] == sizes[1:]
    assert [d.out_nodes for d in layer.deconvolutions] == sizes[:-1]
    x = _features()
    assert layer(x).shape == x.shape
    assert layer.reason(torch.rand(2, 8, 6)).shape == (2, 8, 6)


def test_lgr_layer_build_and_defaults(graph):
    layer = MODELS.build(
        dict(
            type='LayoutGraphReasoning', in_channels=8,
            layout_graph=GRAPH_CFG))
    assert layer.num_levels == 3 and layer.node_channels == 128
    assert layer.node_to_map.hidden_channels == 128
    # the graph object itself is accepted too
    assert LayoutGraphReasoning(8, graph, node_channels=4).num_leaves == 8
    with pytest.raises(ValueError, match='clustering levels'):
        LayoutGraphReasoning(8, GRAPH_CFG, num_levels=4)


def test_lgr_layer_matches_hand_computation(graph):
    """Two clustering levels, written out equation by equation."""
    layer = LayoutGraphReasoning(
        8, GRAPH_CFG, node_channels=6, num_levels=2).double()
    _perturb_clustering(layer)
    x = _features(dtype=torch.float64)
    a_hat = [graph.adjacency(level).double() for level in range(3)]

    def gcn(module, a, nodes):
        return F.relu(a @ nodes @ module.weight.weight.t())

    c1, c2 = layer.clusterings
    d1, d2 = layer.deconvolutions
    up, down = layer.up_reasonings, layer.down_reasonings

    x0 = gcn(up[0], a_hat[0], layer.map_to_node(x))
    # Eqs. 2-3 from the leaf level: A = the normalised leaf adjacency
    x1 = gcn(c1, c1.feature_pooling.t() @ a_hat[0], x0)
    a1 = F.relu(c1.adjacency_pooling.t() @ a_hat[0] @ c1.adjacency_pooling)
    x1 = gcn(up[1], a_hat[1], x1)
    # and from the clothes-part level: A = the A_1 of Eq. 3
    x2 = gcn(c2, c2.feature_pooling.t() @ a1, x1)
    a2 = F.relu(c2.adjacency_pooling.t() @ a1 @ c2.adjacency_pooling)
    x2 = gcn(up[2], a_hat[2], x2)
    # top-down, with the learned adjacencies and the skip additions
    y1 = gcn(d2, d2.unpooling @ a2, x2) + x1
    y1 = gcn(down[1], a_hat[1], y1)
    y0 = gcn(d1, d1.unpooling @ a1, y1) + x0
    y0 = gcn(down[0], a_hat[0], y0)
    expected = x + layer.node_to_map(x, y0)

    torch.testing.assert_close(layer(x), expected)


def test_lgr_layer_orthogonality_loss():
    layer = LayoutGraphReasoning(8, GRAPH_CFG, node_channels=4)
    assert layer.orthogonality_loss().item() == pytest.approx(0, abs=1e-10)
    _perturb_clustering(layer)
    expected = sum(c.orthogonality_loss() for c in layer.clusterings)
    assert layer.orthogonality_loss().item() > 1e-3
    torch.testing.assert_close(layer.orthogonality_loss(), expected)
    layer.orthogonality_loss().backward()
    for clustering in layer.clusterings:
        assert clustering.adjacency_pooling.grad.abs().sum() > 0


@pytest.mark.parametrize('num_levels', [1, 2, 3])
def test_lgr_layer_gradient_flow(num_levels):
    layer = LayoutGraphReasoning(
        8, GRAPH_CFG, node_channels=16, num_levels=num_levels)
    x = _features().requires_grad_()
    out = layer(x)
    _assert_every_parameter_learns(layer, out)
    assert x.grad.abs().sum() > 0


@pytest.mark.parametrize('num_levels', [1, 2, 3])
def test_lgr_stack_shape(num_levels):
    stack = LGRStack(
        8, GRAPH_CFG, num_stacks=2, node_channels=6, num_levels=num_levels)
    x = _features()
    assert stack(x).shape == x.shape
    assert all(layer.num_levels == num_levels for layer in stack.layers)


def test_lgr_stack_build_and_structure():
    stack = MODELS.build(
        dict(
            type='LGRStack',
            in_channels=8,
            layout_graph=GRAPH_CFG,
            node_channels=4))
    assert len(stack.layers) == 4 and len(stack.pyramids) == 3
    assert stack.orthogonality_loss().item() == pytest.approx(0, abs=1e-10)
    x = _features(size=(8, 8))
    assert stack(x).shape == x.shape
    single = LGRStack(8, GRAPH_CFG, num_stacks=1, node_channels=4)
    assert len(single.pyramids) == 0
    with pytest.raises(ValueError, match='num_stacks'):
        LGRStack(8, GRAPH_CFG, num_stacks=0)


def test_lgr_stack_composition():
    stack = LGRStack(8, GRAPH_CFG, num_stacks=3, node_channels=4).eval()
    x = _features()
    expected = stack.layers[0](x)
    for pyramid, layer in zip(stack.pyramids, stack.layers[1:]):
        expected = layer(pyramid(expected))
    torch.testing.assert_close(stack(x), expected)


def test_lgr_stack_orthogonality_loss_and_gradients():
    stack = LGRStack(8, GRAPH_CFG, num_stacks=2, node_channels=16)
    _perturb_clustering(stack)
    expected = sum(layer.orthogonality_loss() for layer in stack.layers)
    torch.testing.assert_close(stack.orthogonality_loss(), expected)
    assert stack.orthogonality_loss().item() > 1e-3
    _assert_every_parameter_learns(stack, stack(_features()))


@pytest.mark.parametrize('num_layers', [1, 2, 4])
def test_gcn_stack(num_layers, graph):
    stack = MODELS.build(
        dict(
            type='GCNStack',
            in_channels=8,
            layout_graph=GRAPH_CFG,
            num_layers=num_layers,
            node_channels=16))
    assert len(stack.reasonings) == num_layers
    for reasoning in stack.reasonings:
        torch.testing.assert_close(reasoning.adjacency, graph.adjacency(0))
    x = _features()
    out = stack(x)
    assert out.shape == x.shape
    # no clustering matrices: nothing to keep orthogonal
    assert not hasattr(stack, 'orthogonality_loss')
    _assert_every_parameter_learns(stack, out)


def test_gcn_stack_matches_hand_computation(graph):
    stack = GCNStack(8, GRAPH_CFG, num_layers=2, node_channels=6).double()
    x = _features(dtype=torch.float64)
    a_hat = graph.adjacency(0).double()
    nodes = stack.map_to_node(x)
    for reasoning in stack.reasonings:
        nodes = F.relu(a_hat @ nodes @ reasoning.weight.weight.t())
    torch.testing.assert_close(stack(x), x + stack.node_to_map(x, nodes))
    assert GCNStack(8, GRAPH_CFG).num_layers == 4
    with pytest.raises(ValueError, match='num_layers'):
        GCNStack(8, GRAPH_CFG, num_layers=0)
