import pytest
import torch
from mmpose.models.backbones import ResNet
from mmpose.registry import MODELS

import mmfashion_lm  # noqa: F401


def sanl_plugins(stages, **block_cfg):
    """A spatial-aware non-local block after each of ``stages``."""
    return [
        dict(
            cfg=dict(type='SpatialAwareNonLocal2d', **block_cfg),
            stage=stage,
            position='after') for stage in stages
    ]


def _randomize_non_local_outputs(backbone):
    # the blocks start as the identity (zero-initialised W); make them act
    for block in backbone.plugins:
        torch.nn.init.normal_(block.conv_out.norm.weight, std=0.05)


def test_sanl_resnet_shapes_and_attention():
    torch.manual_seed(0)
    backbone = MODELS.build(
        dict(
            type='PluginResNet',
            depth=18,
            out_indices=(0, 1, 2, 3),
            plugins=sanl_plugins(range(4))))
    backbone.eval()  # mmpose's ResNet.train() returns None: no chaining
    _randomize_non_local_outputs(backbone)
    images = torch.randn(1, 3, 64, 64)
    plain = backbone(images)
    assert [f.shape for f in plain] == [(1, 64, 16, 16), (1, 128, 8, 8),
                                        (1, 256, 4, 4), (1, 512, 2, 2)]
    maps = [torch.rand(1, 1, 16 // 2**i, 16 // 2**i) for i in range(4)]
    attended = backbone(images, maps)
    assert not torch.allclose(plain[0], attended[0])
    # zero maps give the plain non-local block
    zeros = [torch.zeros_like(m) for m in maps]
    assert all(
        torch.allclose(a, b, atol=1e-6)
        for a, b in zip(plain, backbone(images, zeros)))
    with pytest.raises(ValueError, match='3 side inputs for 4'):
        backbone(images, maps[:3])


def test_sanl_resnet_without_blocks_is_mmpose_resnet():
    torch.manual_seed(0)
    base = MODELS.build(
        dict(type='PluginResNet', depth=18, out_indices=(0, 1, 2, 3)))
    reference = ResNet(depth=18, out_indices=(0, 1, 2, 3))
    base.eval()
    reference.eval()
    reference.load_state_dict(base.state_dict())
    images = torch.randn(1, 3, 64, 64)
    for ours, theirs in zip(base(images), reference(images)):
        assert torch.equal(ours, theirs)


def test_sanl_vgg_strides():
    backbone = MODELS.build(
        dict(
            type='PluginVGG',
            depth=11,
            out_indices=(1, 2, 3, 4),
            norm_cfg=dict(type='BN'),
            plugins=sanl_plugins(range(1, 5))))
    backbone.eval()
    feats = backbone(torch.randn(1, 3, 64, 64),
                     [torch.rand(1, 1, 4, 4)] * 4)
    assert [f.shape for f in feats] == [(1, 128, 16, 16), (1, 256, 8, 8),
                                        (1, 512, 4, 4), (1, 512, 2, 2)]
