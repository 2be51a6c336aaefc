import os.path as osp

import pytest
import torch
from mmpose.models.backbones import VGG, ResNet
from mmpose.registry import MODELS
from torch import nn

from mmfashion_lm.models.backbones import PluginResNet, PluginVGG
from ...conftest import REPO_ROOT

FULL_GRAPH = osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo',
                      'deepfashion_full_layout_graph.py')


@MODELS.register_module(force=True)
class _LGRTestIdentity(nn.Module):
    """Test-only stand-in for an LGR stack: the identity, with a scale
    parameter so that it has weights."""

    def __init__(self, in_channels: int, **kwargs):
        super().__init__()
        self.in_channels = in_channels
        self.scale = nn.Parameter(torch.ones(()))

    def forward(self, x):
        return x * self.scale



def lgr_plugin(stage, **cfg):
    """The backbone arguments that put one LGR module before ``stage``."""
    return dict(plugins=[
        dict(
            cfg=dict(type='_LGRTestIdentity', **cfg),
            stage=stage,
            position='before')
    ])


def _record_inputs(module):
    inputs = []
    module.register_forward_hook(lambda m, args, out: inputs.append(
        tuple(args[0].shape)))
    return inputs


def lgr_stack_before_block_3(**cfg):
    """The plugin spec of an LGRStack on the full-body graph before VGG
    block 3 (stage 2)."""
    return dict(
        cfg=dict(
            type='LGRStack', layout_graph=dict(from_file=FULL_GRAPH), **cfg),
        stage=2,
        position='before')


# VGG-11 on 64 x 64: the features entering each injection point
VGG_INPUTS = {
    0: (1, 64, 64, 64),  # after the first conv of block 1
    1: (1, 64, 32, 32),
    2: (1, 128, 16, 16),
    3: (1, 256, 8, 8),
    4: (1, 512, 4, 4),
}


@pytest.mark.parametrize('stage', sorted(VGG_INPUTS))
def test_lgr_vgg_injection_point(stage):
    torch.manual_seed(0)
    backbone = PluginVGG(
        depth=11,
        out_indices=(4, ),
        with_last_pool=False,
        **lgr_plugin(stage))
    assert backbone.plugins[0].in_channels == VGG_INPUTS[stage][1]
    backbone.eval()
    inputs = _record_inputs(backbone.plugins[0])
    images = torch.randn(1, 3, 64, 64)
    feats = backbone(images)
    assert inputs == [VGG_INPUTS[stage]]
    # default out_indices=(4, ), with_last_pool=False: stride 16
    assert [f.shape for f in feats] == [(1, 512, 4, 4)]
    # the identity in between leaves mmpose's VGG
    reference = VGG(depth=11, out_indices=(4, ), with_last_pool=False)
    reference.load_state_dict(backbone.state_dict(), strict=False)
    reference.eval()
    assert torch.allclose(reference(images)[0], feats[0], atol=1e-6)


def test_lgr_vgg_16_paper_default_and_last_pool():
    backbone = MODELS.build(
        dict(
            type='PluginVGG',
            depth=16,
            out_indices=(4, ),
            with_last_pool=False,
            **lgr_plugin(4)))
    assert len(backbone.stage_blocks) == 5 and backbone.stage_blocks[2] == 3
    inputs = _record_inputs(backbone.plugins[0])
    backbone.eval()
    with torch.no_grad():
        feats = backbone(torch.randn(1, 3, 64, 64))
    assert inputs == [(1, 512, 4, 4)]
    assert feats[0].shape == (1, 512, 4, 4)
    pooled = PluginVGG(depth=11, with_last_pool=True, out_indices=(3, 4))
    assert len(pooled.plugins) == 0
    assert [f.shape for f in pooled(torch.randn(1, 3, 64, 64))] == [
        (1, 512, 4, 4), (1, 512, 2, 2)
    ]


RESNET_INPUTS = {
    0: (1, 64, 16, 16),  # after the stem (stride 4)
    1: (1, 64, 16, 16),
    2: (1, 128, 8, 8),
    3: (1, 256, 4, 4),
}


@pytest.mark.parametrize('stage', sorted(RESNET_INPUTS))
def test_lgr_resnet_injection_point(stage):
    torch.manual_seed(0)
    backbone = PluginResNet(depth=18, **lgr_plugin(stage))
    assert backbone.plugins[0].in_channels == RESNET_INPUTS[stage][1]
    backbone.eval()  # mmpose's ResNet.train() returns None: no chaining
    inputs = _record_inputs(backbone.plugins[0])
    images = torch.randn(1, 3, 64, 64)
    feats = backbone(images)
    assert inputs == [RESNET_INPUTS[stage]]
    assert [f.shape for f in feats] == [(1, 512, 2, 2)]
    reference = ResNet(depth=18)
    reference.load_state_dict(backbone.state_dict(), strict=False)
    reference.eval()
    assert torch.allclose(reference(images)[0], feats[0], atol=1e-6)


def test_lgr_resnet_before_last_layer():
    backbone = MODELS.build(
        dict(
            type='PluginResNet', depth=50, out_indices=(2, 3),
            **lgr_plugin(3)))
    assert backbone.plugins[0].in_channels == 1024
    assert 'plugins.0.scale' in backbone.state_dict()


@pytest.mark.parametrize('build', [
    lambda **kw: PluginVGG(depth=11, **kw),
    lambda **kw: PluginResNet(depth=18, **kw),
])
def test_bad_injection_config(build):
    with pytest.raises(ValueError, match=r'plugins\[0\].stage should be an int'):
        build(**lgr_plugin(7))
    with pytest.raises(ValueError, match=r'plugins\[0\].stage should be an int'):
        build(**lgr_plugin(-1))
    with pytest.raises(ValueError, match=r'cfg.in_channels=3 but'):
        build(**lgr_plugin(1, in_channels=3))


def test_lgr_vgg_with_lgr_stack():
    torch.manual_seed(0)
    backbone = PluginVGG(
        depth=11,
        out_indices=(4, ),
        with_last_pool=False,
        plugins=[lgr_stack_before_block_3(num_stacks=2, node_channels=8)])
    assert backbone.plugins[0].in_channels == 128
    inputs = _record_inputs(backbone.plugins[0])
    backbone.eval()
    with torch.no_grad():
        feats = backbone(torch.randn(1, 3, 64, 64))
    assert inputs == [(1, 128, 16, 16)]
    assert feats[0].shape == (1, 512, 4, 4)


def test_backbone_init_keeps_the_graph_layers_own_init():
    """VGG's init_cfg (Kaiming for every conv, Normal(std=0.01) for every
    linear layer) runs over the whole backbone first; the graph layers then
    re-apply their own initialisation."""
    torch.manual_seed(0)
    backbone = PluginVGG(
        depth=11,
        plugins=[lgr_stack_before_block_3(num_stacks=1, node_channels=64)])
    backbone.init_weights()
    layer = backbone.plugins[0].layers[0]
    # graph convolutions: Kaiming, fan in 64 (not std 0.01)
    weight = layer.up_convs[0].weight.weight
    assert abs(weight.std().item() - (2 / 64)**0.5) < 0.03
    # Map-to-Node's W_t: Kaiming with fan in 128 (not fan out 64)
    weight = layer.map_to_node.transform.weight
    assert abs(weight.std().item() - (2 / 128)**0.5) < 0.02
    # the backbone's own convs got its Kaiming init (fan out)
    conv = backbone.features[0].conv.weight
    assert abs(conv.std().item() - (2 / (64 * 9))**0.5) < 0.01
