import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from mmengine.model import BaseModule, ModuleList
from mmpose.registry import MODELS

from mmfashion_lm.models.layers import (GCNStack, GraphClustering,
                                        GraphConvolution, GraphDeconvolution,
                                        LayoutGraphReasoning, LGRStack,
                                        MapToNode, NodeToMap,
                                        normalize_columns)
from mmfashion_lm.models.utils import ExtraLossMixin, collect_extra_losses
from mmfashion_lm.structures import LayoutGraph

GRAPH_FILE = osp.join(
    osp.dirname(__file__), '..', '..', '..', 'configs', '_base_', 'metainfo',
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
    assert len(layer.up_convs) == expected_levels + 1
    assert len(layer.down_convs) == expected_levels
    sizes = [graph.num_nodes(level) for level in range(expected_levels + 1)]
    assert [c.out_nodes for c in layer.clusterings] == sizes[1:]
    assert [d.out_nodes for d in layer.deconvolutions] == sizes[:-1]
    x = _features()
    assert layer(x).shape == x.shape
    assert layer.update_nodes(torch.rand(2, 8, 6)).shape == (2, 8, 6)


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
    up, down = layer.up_convs, layer.down_convs

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
    assert len(stack.convs) == num_layers
    for reasoning in stack.convs:
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
    for reasoning in stack.convs:
        nodes = F.relu(a_hat @ nodes @ reasoning.weight.weight.t())
    torch.testing.assert_close(stack(x), x + stack.node_to_map(x, nodes))
    assert GCNStack(8, GRAPH_CFG).num_layers == 4
    with pytest.raises(ValueError, match='num_layers'):
        GCNStack(8, GRAPH_CFG, num_layers=0)


# ------------------------------------------------------------ extra losses


def test_lgr_stack_extra_losses():
    stack = LGRStack(8, GRAPH_CFG, num_stacks=2, node_channels=4)
    assert stack.orthogonality_weight == 0
    assert collect_extra_losses(stack) == {}
    stack = LGRStack(
        8, GRAPH_CFG, num_stacks=2, node_channels=4, orthogonality_weight=0.5)
    _perturb_clustering(stack)
    losses = collect_extra_losses(stack)
    assert list(losses) == ['loss_orth']
    torch.testing.assert_close(losses['loss_orth'],
                               0.5 * stack.orthogonality_loss())
    # every layer owns its weighted share: summed once by the collector
    assert all(
        isinstance(layer, ExtraLossMixin)
        and layer.orthogonality_weight == 0.5 for layer in stack.layers)
    assert MODELS.build(
        dict(
            type='LGRStack',
            in_channels=8,
            layout_graph=GRAPH_CFG,
            node_channels=4,
            orthogonality_weight=1)).orthogonality_weight == 1.
    with pytest.raises(ValueError, match='orthogonality_weight must be >= 0'):
        LGRStack(8, GRAPH_CFG, orthogonality_weight=-1.)


def test_lgr_layer_extra_losses():
    """A layer used without a stack weights its own penalty."""
    layer = LayoutGraphReasoning(8, GRAPH_CFG, node_channels=4)
    assert layer.extra_losses() == {}
    layer = LayoutGraphReasoning(
        8, GRAPH_CFG, node_channels=4, orthogonality_weight=2.)
    _perturb_clustering(layer)
    torch.testing.assert_close(
        collect_extra_losses(layer)['loss_orth'],
        2 * layer.orthogonality_loss())
    with pytest.raises(ValueError, match='orthogonality_weight'):
        LayoutGraphReasoning(8, GRAPH_CFG, orthogonality_weight=-0.1)


def test_gcn_stack_has_no_extra_losses():
    stack = GCNStack(8, GRAPH_CFG, num_layers=2, node_channels=4)
    assert not isinstance(stack, ExtraLossMixin)
    assert collect_extra_losses(stack) == {}


# ---------------------------------------------------------- initialisation


class _Parent(BaseModule):
    """A parent with an init_cfg over every layer of its kind, holding an
    LGR stack and, inside a list, a GCN stack."""

    def __init__(self, init_cfg):
        super().__init__(init_cfg)
        self.lgr = LGRStack(32, GRAPH_CFG, num_stacks=2, node_channels=64)
        self.gcns = ModuleList(
            [GCNStack(32, GRAPH_CFG, num_layers=2, node_channels=64)])


def _kaiming_std(fan_in):
    return (2 / fan_in)**0.5


@pytest.mark.parametrize('init_cfg', [
    dict(type='Kaiming', layer='Linear'),
    dict(type='Normal', std=0.01, layer=['Linear', 'Conv2d']),
    dict(type='Constant', val=0.5, layer=['Linear', 'Conv2d']),
])
def test_parent_init_cfg_keeps_the_graph_layers_own_init(graph, init_cfg):
    """mmengine's init_weights applies the parent's init_cfg to the whole
    subtree; every graph layer, also inside lists, then re-applies its
    own initialisation."""
    parent = _Parent(init_cfg)
    parent.init_weights()
    modules = list(parent.modules())
    node_layers = [
        m for m in modules if isinstance(
            m, (GraphConvolution, GraphClustering, GraphDeconvolution))
    ]
    # 2 LGR layers of 4 + 3 + 3 + 3 node layers, 2 graph convolutions
    assert len(node_layers) == 2 * 13 + 2
    for layer in node_layers:
        # W_h / W_d: Kaiming, fan in 64 (not std 0.01, not constant)
        std = layer.weight.weight.std().item()
        assert abs(std - _kaiming_std(64)) < 0.03, (type(layer), std)
    for lgr_layer in parent.lgr.layers:
        for level, clustering in enumerate(lgr_layer.clusterings, 1):
            # W_p, W_p': the column-normalised assignment, untouched
            init = normalize_columns(graph.assignment(level))
            torch.testing.assert_close(clustering.adjacency_pooling.data, init)
            torch.testing.assert_close(clustering.feature_pooling.data, init)
    map_to_nodes = [m for m in modules if isinstance(m, MapToNode)]
    node_to_maps = [m for m in modules if isinstance(m, NodeToMap)]
    assert len(map_to_nodes) == len(node_to_maps) == 3
    for module in map_to_nodes:
        # W_t: Kaiming with fan in 32 (the Constant init would make it 0.5)
        std = module.transform.weight.std().item()
        assert abs(std - _kaiming_std(32)) < 0.03, std
    for module in node_to_maps:
        std = module.feature_proj.weight.std().item()
        assert abs(std - _kaiming_std(32)) < 0.03, std
        assert module.node_proj.bias.eq(0).all()
        # W_t': PyTorch's default, uniform in +-1/sqrt(64)
        weight = module.transform.weight
        assert weight.abs().max() <= 64**-0.5
        assert abs(weight.std().item() - (3 * 64)**-0.5) < 0.01

