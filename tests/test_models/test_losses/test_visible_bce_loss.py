import math

import pytest
import torch
from mmpose.registry import MODELS

from mmfashion_lm.models.losses import VisibleWeightedBCELoss


def _pixel_cost(x, t, pos_weight):
    """-[pos_weight * t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x))]"""
    p = 1 / (1 + math.exp(-x))
    return -(pos_weight * t * math.log(p) + (1 - t) * math.log(1 - p))


def test_registered():
    loss = MODELS.build(dict(type='VisibleWeightedBCELoss', pos_weight=5.))
    assert isinstance(loss, VisibleWeightedBCELoss)
    assert loss.pos_weight == 5.


def test_hand_computed_value():
    """1 x 2 x 2 x 2, channel weights 1 and 0.5, pos_weight 10."""
    logits = [[[0., 1.], [-1., 2.]], [[0.5, -2.], [3., -0.5]]]
    targets = [[[1., 0.5], [0., 0.2]], [[0., 1.], [0.7, 0.]]]
    weights = [1., 0.5]
    expected = sum(
        w * sum(
            _pixel_cost(x, t, 10.) for row_x, row_t in zip(xs, ts)
            for x, t in zip(row_x, row_t))
        for w, xs, ts in zip(weights, logits, targets))

    loss = VisibleWeightedBCELoss(pos_weight=10., loss_weight=2.)(
        torch.tensor([logits]), torch.tensor([targets]),
        torch.tensor([weights]))
    # summed over pixels and channels, normalised by the batch size 1
    assert loss.item() == pytest.approx(2 * expected, rel=1e-6)


def test_normalised_by_batch_size():
    torch.manual_seed(0)
    logits, targets = torch.randn(1, 3, 4, 4), torch.rand(1, 3, 4, 4)
    weights = torch.ones(1, 3)
    loss = VisibleWeightedBCELoss()
    single = loss(logits, targets, weights)
    double = loss(logits.repeat(2, 1, 1, 1), targets.repeat(2, 1, 1, 1),
                  weights.repeat(2, 1))
    torch.testing.assert_close(double, single)


def test_weight_zero_channels_contribute_nothing():
    torch.manual_seed(0)
    logits, targets = torch.randn(2, 3, 4, 4), torch.rand(2, 3, 4, 4)
    weights = torch.tensor([[1., 0., 1.], [0., 1., 1.]])
    loss = VisibleWeightedBCELoss()
    reference = loss(logits, targets, weights)

    # whatever is in the invisible channels, non-finite logits included
    logits = logits.clone()
    logits[0, 1], logits[1, 0] = float('nan'), float('inf')
    targets = targets.clone()
    targets[0, 1] = 1.
    logits.requires_grad_(True)
    value = loss(logits, targets, weights)
    value.backward()

    torch.testing.assert_close(value, reference)
    assert torch.equal(logits.grad[0, 1], torch.zeros(4, 4))
    assert torch.equal(logits.grad[1, 0], torch.zeros(4, 4))
    assert logits.grad[0, 0].abs().sum() > 0


def test_all_invisible_sample():
    torch.manual_seed(0)
    logits = torch.randn(2, 3, 4, 4, requires_grad=True)
    targets = torch.rand(2, 3, 4, 4)
    weights = torch.tensor([[1., 1., 0.], [0., 0., 0.]])
    value = VisibleWeightedBCELoss()(logits, targets, weights)
    value.backward()

    assert torch.isfinite(value)
    assert torch.equal(logits.grad[1], torch.zeros(3, 4, 4))
    assert logits.grad[0, :2].abs().sum() > 0


def test_no_visible_landmark_in_the_batch():
    logits = torch.randn(2, 3, 4, 4, requires_grad=True)
    value = VisibleWeightedBCELoss()(logits, torch.rand(2, 3, 4, 4),
                                     torch.zeros(2, 3))
    value.backward()
    assert value.item() == 0
    assert torch.equal(logits.grad, torch.zeros(2, 3, 4, 4))


def test_without_target_weight_every_channel_counts():
    torch.manual_seed(0)
    logits, targets = torch.randn(2, 3, 4, 4), torch.rand(2, 3, 4, 4)
    unweighted = VisibleWeightedBCELoss(use_target_weight=False)(logits,
                                                                 targets)
    all_visible = VisibleWeightedBCELoss()(logits, targets,
                                           torch.ones(2, 3))
    torch.testing.assert_close(unweighted, all_visible)


def test_stable_for_extreme_logits():
    logits = torch.tensor([[[[100., -100.]]]], requires_grad=True)
    targets = torch.tensor([[[[0., 1.]]]])
    value = VisibleWeightedBCELoss(pos_weight=10.)(logits, targets,
                                                   torch.ones(1, 1))
    value.backward()
    # -log(1 - sigmoid(100)) + 10 * -log(sigmoid(-100)) = 100 + 10 * 100
    assert value.item() == pytest.approx(1100., rel=1e-5)
    assert torch.isfinite(logits.grad).all()


def test_requires_target_weights():
    with pytest.raises(AssertionError, match='target_weights'):
        VisibleWeightedBCELoss()(torch.zeros(1, 2, 3, 3),
                                 torch.zeros(1, 2, 3, 3))
