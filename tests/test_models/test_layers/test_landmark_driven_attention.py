"""LandmarkDrivenAttention (Liu & Lu): shapes at conv4_3 of a 224 input,
the identity at zero attention, the features' gradient reaching the
landmark branch, odd feature sizes."""
import torch

from mmfashion_lm.models.layers import (LandmarkDrivenAttention,
                                        LandmarkUpsamplingBranch)


def test_shapes_at_conv4_3():
    attention = LandmarkDrivenAttention(512)
    features, heatmaps = attention(torch.randn(2, 512, 28, 28))
    assert features.shape == (2, 512, 28, 28)
    assert heatmaps.shape == (2, 8, 224, 224)


def test_zero_attention_is_the_identity():
    attention = LandmarkDrivenAttention(16, branch=dict(num_landmarks=3))
    torch.nn.init.zeros_(attention.unet.outlet.weight)
    torch.nn.init.zeros_(attention.unet.outlet.bias)
    x = torch.randn(1, 16, 8, 8)
    features, heatmaps = attention(x)
    torch.testing.assert_close(features, x)
    assert heatmaps.shape == (1, 3, 64, 64)


def test_features_train_the_landmark_branch():
    attention = LandmarkDrivenAttention(16, branch=dict(num_landmarks=3))
    features, _ = attention(torch.randn(2, 16, 8, 8))
    features.square().sum().backward()
    last = attention.branch.layers[-1]
    assert last.weight.grad is not None and last.weight.grad.abs().sum() > 0


def test_odd_sizes():
    attention = LandmarkDrivenAttention(
        8, branch=dict(num_landmarks=2, upsample_channels=(4, )))
    features, heatmaps = attention(torch.randn(1, 8, 7, 9))
    assert features.shape == (1, 8, 7, 9)
    assert heatmaps.shape == (1, 2, 14, 18)


def test_branch_upsamples_by_two_per_step():
    branch = LandmarkUpsamplingBranch(
        32, num_landmarks=5, reduce_channels=(8, ), upsample_channels=(4, 4))
    assert branch.upsample_factor == 4
    assert branch(torch.randn(1, 32, 5, 6)).shape == (1, 5, 20, 24)
