import pytest
import torch

from mmfashion_lm.models.layers.grad_cam_attention import (GradCAMAttention,
                                                           grad_cam)

CLASSIFIER = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=18, out_indices=(0, 1, 2, 3)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=5, in_channels=512))


def test_grad_cam_hand_computed():
    features = torch.tensor([[[[1., 2.], [0., 4.]],
                              [[2., 0.], [8., 0.]]]], requires_grad=True)
    # a linear classifier on the spatial mean: d score / d A_0 = 3/4 and
    # d score / d A_1 = -1/4 at every pixel, which are also the weights
    score = 3 * features[:, 0].mean(dim=(1, 2)) - features[:, 1].mean(
        dim=(1, 2))
    (cam, ) = grad_cam([features], score)
    # ReLU(0.75 A_0 - 0.25 A_1) = [[0.25, 1.5], [0 (-2), 3]], max 3
    expected = torch.tensor([[[[0.25, 1.5], [0., 3.]]]]) / 3
    assert torch.allclose(cam, expected)
    assert not cam.requires_grad


@pytest.fixture(scope='module')
def attention():
    torch.manual_seed(0)
    module = GradCAMAttention(CLASSIFIER)
    module.init_weights()
    return module


def test_maps_per_stride(attention):
    images = torch.randn(2, 3, 64, 64)
    maps = attention(images)
    assert [m.shape for m in maps] == [(2, 1, 16, 16), (2, 1, 8, 8),
                                       (2, 1, 4, 4), (2, 1, 2, 2)]
    for cam in maps:
        assert cam.min() >= 0 and cam.max() <= 1
        # each image's map is scaled to peak at 1 unless it is all zero
        peaks = cam.amax(dim=(1, 2, 3))
        assert torch.all((peaks - 1).abs() < 1e-5) or torch.any(peaks == 0)


def test_works_without_grad_and_in_inference_mode(attention):
    images = torch.randn(1, 3, 64, 64)
    expected = attention(images)
    with torch.no_grad():
        under_no_grad = attention(images)
    with torch.inference_mode():
        under_inference = attention(torch.randn(1, 3, 64, 64).copy_(images))
    for a, b, c in zip(expected, under_no_grad, under_inference):
        assert torch.allclose(a, b) and torch.allclose(a, c)


def test_frozen_classifier_gets_no_gradient(attention):
    attention.train()
    assert not attention.classifier.training
    assert not any(p.requires_grad for p in attention.classifier.parameters())
    images = torch.randn(1, 3, 64, 64, requires_grad=True)
    maps = attention(images)
    assert not any(m.requires_grad for m in maps)
    assert all(p.grad is None for p in attention.classifier.parameters())


@pytest.mark.parametrize('mode', ['32', 32])  # --cfg-options gives an int
def test_mode_32_repeats_the_last_map(mode):
    torch.manual_seed(0)
    module = GradCAMAttention(CLASSIFIER, mode=mode)
    maps = module(torch.randn(1, 3, 64, 64))
    assert len(maps) == 4
    assert all(m is maps[-1] for m in maps)
    with pytest.raises(ValueError, match="'all' or '32'"):
        GradCAMAttention(CLASSIFIER, mode='16')
