import torch
from mmengine.model import BaseModule, ModuleList, constant_init
from torch import nn

from mmfashion_lm.models.utils import OwnInitModule


class _ZeroStart(OwnInitModule):
    """Test-only layer whose own initialisation zeroes its conv."""

    def __init__(self, init_cfg=None):
        super().__init__(init_cfg)
        self.conv = nn.Conv2d(2, 2, 1)
        self.reset_parameters()

    def reset_parameters(self):
        constant_init(self.conv, 0)


class _Parent(BaseModule):

    def __init__(self, child_init_cfg=None):
        super().__init__(init_cfg=dict(type='Constant', val=0.5, layer='Conv2d'))
        # in an mmengine container: reached by init_weights
        self.blocks = ModuleList([_ZeroStart(child_init_cfg)])


def test_own_init_survives_the_parents_init_cfg_once():
    parent = _Parent()
    parent.init_weights()
    conv = parent.blocks[0].conv
    assert conv.weight.abs().max() == 0 and conv.bias.abs().max() == 0
    # trained (or loaded) weights are kept by a second call
    with torch.no_grad():
        conv.weight.fill_(2.)
    parent.blocks[0].init_weights()
    assert torch.all(conv.weight == 2.)


def test_an_init_cfg_of_its_own_replaces_the_own_init():
    parent = _Parent(child_init_cfg=dict(type='Constant', val=3., layer='Conv2d'))
    parent.init_weights()
    assert torch.all(parent.blocks[0].conv.weight == 3.)
