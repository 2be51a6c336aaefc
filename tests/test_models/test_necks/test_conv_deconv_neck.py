"""ConvDeconvNeck: MetaCloth's FENet neck (two transposed convolutions,
ten convolutions) and the one-step upsampling of the stride-8
composite-fields config: output sizes per kernel, layer counts, and the
kernels it refuses."""
import pytest
import torch
from torch import nn

from mmfashion_lm.models.necks import ConvDeconvNeck


def _count(neck, kind):
    return sum(isinstance(m, kind) for m in neck.modules())


def test_fenet_neck_quadruples_the_map():
    neck = ConvDeconvNeck(16, out_channels=8, num_deconvs=2, num_convs=3)
    assert _count(neck, nn.ConvTranspose2d) == 2
    assert _count(neck, nn.Conv2d) == 3
    [out] = neck((torch.randn(1, 4, 5, 5), torch.randn(2, 16, 5, 6)))
    assert out.shape == (2, 8, 20, 24)


def test_kernel_three_keeps_the_grid_of_stride_times_n_plus_one():
    """9 cells at stride 16 (a 129-pixel input) become its 17 at stride 8:
    ``2 S - 1``, cell i over cell 2 i."""
    neck = ConvDeconvNeck(16, out_channels=8, num_deconvs=1, num_convs=0,
                          deconv_kernel=3)
    [out] = neck(torch.randn(2, 16, 9, 9))
    assert out.shape == (2, 8, 17, 17)
    with pytest.raises(ValueError, match='deconv_kernel must be 3 or 4'):
        ConvDeconvNeck(16, deconv_kernel=5)
