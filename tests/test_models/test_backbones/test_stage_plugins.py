import pytest
import torch
from mmpose.registry import MODELS
from torch import nn

from mmfashion_lm.models.backbones import PluginResNet, StagePlugins


@MODELS.register_module(force=True)
class _AddSide(nn.Module):
    """Test-only plugin that adds its side input (or 100 without one)."""
    takes_side_input = True

    def __init__(self, in_channels):
        super().__init__()
        self.in_channels = in_channels

    def forward(self, x, side):
        return x + (100. if side is None else side)


@MODELS.register_module(force=True)
class _Double(nn.Module):
    """Test-only plugin without side input."""

    def __init__(self, in_channels):
        super().__init__()
        self.in_channels = in_channels

    def forward(self, x):
        return 2 * x


def _plugins(specs):
    return StagePlugins(specs, [1, 2, 3], [2, 3, 4], owner='Toy')


def test_side_inputs_follow_the_stage_walk_not_the_config_order():
    plugins = _plugins([
        dict(cfg=dict(type='_AddSide'), stage=2, position='before'),
        dict(cfg=dict(type='_Double'), stage=0, position='after'),
        dict(cfg=dict(type='_AddSide'), stage=0, position='after'),
        dict(cfg=dict(type='_AddSide'), stage=0, position='before'),
    ])
    assert plugins.num_side_inputs == 3
    # channels filled in from the point: before = in, after = out
    assert [p.in_channels for p in plugins] == [3, 2, 2, 1]
    side = [torch.tensor(1.), torch.tensor(10.), torch.tensor(1000.)]
    x = torch.zeros(())
    # stage 0 before: slot 0; after: double, then slot 1 (config order)
    assert plugins(0, 'before', x, side) == 1.
    assert plugins(0, 'after', torch.ones(()), side) == 2. + 10.
    assert plugins(2, 'before', x, side) == 1000.
    assert plugins(1, 'after', x, side) == 0.  # no plugin there
    assert plugins(0, 'before', x) == 100.  # no side input: None
    with pytest.raises(ValueError, match='got 2 side inputs for 3'):
        plugins(0, 'before', x, side[:2])


@pytest.mark.parametrize('spec, message', [
    (dict(stage=0), "should be a dict with 'cfg'"),
    (dict(cfg=dict(type='_Double'), stage=0, where='after'),
     r"unknown keys \['where'\]"),
    (dict(cfg=dict(type='_Double'), stage=3, position='after'),
     r'stage should be an int in \[0, 2\], got 3'),
    (dict(cfg=dict(type='_Double'), stage=True, position='after'),
     'stage should be an int'),
    (dict(cfg=dict(type='_Double'), stage=0),
     "position should be one of 'before', 'after', got None"),
    (dict(cfg=dict(type='_Double'), stage=0, position='inside'),
     "position should be one of 'before', 'after'"),
    (dict(cfg=dict(type='_Double', in_channels=5), stage=1, position='after'),
     'Toy: plugins\\[0\\]: cfg.in_channels=5 but the features after stage 1 '
     'have 3 channels'),
])
def test_bad_plugin_specs_name_the_entry(spec, message):
    with pytest.raises(ValueError, match=message):
        _plugins([spec])


def test_plugins_keep_their_weights_under_backbone_plugins():
    backbone = PluginResNet(
        depth=18,
        plugins=[
            dict(
                cfg=dict(type='SpatialAwareNonLocal2d'),
                stage=1,
                position='after')
        ])
    keys = backbone.state_dict().keys()
    assert 'plugins.0.theta.conv.weight' in keys
    # the zero start of the block survives the backbone's init_cfg
    backbone.init_weights()
    assert backbone.plugins[0].conv_out.norm.weight.abs().max() == 0


@MODELS.register_module(force=True)
class _Probe(nn.Module):
    """Test-only plugin that returns its input and, as its side output, the
    input's shape."""
    returns_side_output = True

    def __init__(self, in_channels):
        super().__init__()
        self.in_channels = in_channels

    def forward(self, x):
        return x, torch.tensor(x.shape)


def test_side_outputs_come_after_the_stage_outputs():
    from mmfashion_lm.models.backbones import PluginVGG
    backbone = PluginVGG(
        11,
        num_stages=5,
        out_indices=(4, ),
        plugins=[
            dict(cfg=dict(type='_Probe'), stage=3, position='after'),
            dict(cfg=dict(type='_Probe'), stage=3, position='before_pool'),
        ])
    outs = backbone(torch.zeros(1, 3, 64, 64))
    assert len(outs) == 3
    assert outs[0].shape == (1, 512, 2, 2)
    # walk order: conv4 before pool4 (stride 8), then after pool4 (16)
    assert outs[1].tolist() == [1, 512, 8, 8]
    assert outs[2].tolist() == [1, 512, 4, 4]


def test_before_pool_is_a_vgg_position_only():
    with pytest.raises(ValueError, match="one of 'before', 'after'"):
        PluginResNet(
            18,
            plugins=[
                dict(cfg=dict(type='_Double'), stage=0,
                     position='before_pool')
            ])
