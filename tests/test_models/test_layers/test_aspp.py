import pytest
import torch
from mmpose.registry import MODELS

from mmfashion_lm.models.layers import ASPP


@pytest.mark.parametrize('size', [(9, 11), (16, 16)])
def test_output_shape(size):
    aspp = MODELS.build(dict(type='ASPP', in_channels=8, out_channels=6))
    assert aspp(torch.randn(2, 8, *size)).shape == (2, 6, *size)


def test_each_branch_has_its_dilation():
    dilations = (1, 2, 6, 12)
    aspp = ASPP(8, 6, dilations=dilations)
    assert len(aspp.branches) == len(dilations)
    for branch, dilation in zip(aspp.branches, dilations):
        kernel = 1 if dilation == 1 else 3
        assert branch.conv.kernel_size == (kernel, kernel)
        assert branch.conv.dilation == (dilation, dilation)
        # "same" padding, so the branches can be concatenated
        assert branch.conv.padding == (dilation * (kernel // 2), ) * 2
    # the dilated branches, the image-level branch, then the projection
    assert aspp.project.conv.in_channels == (len(dilations) + 1) * 6


def test_image_pool_branch():
    x = torch.randn(2, 8, 7, 5)
    aspp = ASPP(8, 6, dilations=(1, 3)).eval()
    pooled = aspp.image_pool(x)
    assert pooled.shape == (2, 6, 1, 1)

    without = ASPP(8, 6, dilations=(1, 3), with_image_pool=False)
    assert without.image_pool is None
    assert without.project.conv.in_channels == 2 * 6
    assert without(x).shape == (2, 6, 7, 5)


def test_norm_and_act_cfg():
    aspp = ASPP(8, 6, norm_cfg=None, act_cfg=dict(type='LeakyReLU'))
    for module in [*aspp.branches, aspp.image_pool[1], aspp.project]:
        assert not module.with_norm
        assert isinstance(module.activate, torch.nn.LeakyReLU)
