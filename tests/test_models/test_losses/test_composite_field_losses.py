import math

import pytest
import torch
import torch.nn.functional as F
from mmpose.registry import MODELS

from mmfashion_lm.models.losses import (FieldConfidenceLoss, LaplaceLoss,
                                        RelativeL1Loss)


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


def test_registered():
    for cfg, cls in ((dict(type='LaplaceLoss'), LaplaceLoss),
                     (dict(type='RelativeL1Loss', offset=0.2), RelativeL1Loss),
                     (dict(type='FieldConfidenceLoss', focal_gamma=1.,
                           focal_alpha=0.5), FieldConfidenceLoss)):
        assert isinstance(MODELS.build(cfg), cls)


# ---------------------------------------------------------------- Laplace
def _soft_log_b(log_b, bound=3.):
    return bound * math.tanh(log_b / bound)


def test_laplace_hand_computed():
    pred = torch.tensor([[1., 2.], [0.5, 0.], [3., 4.]])
    target = torch.tensor([[0., 0.], [-0.5, 0.], [0., 0.]])
    log_b = torch.tensor([0., 0.5, -1.])
    norm = torch.tensor([1., 2., 0.5])
    # entry 1: d = sqrt(1 + 4) / 1, log b = 0 -> b = 1
    e1 = math.sqrt(5.) / 1. + math.log(2 * 1.)
    # entry 2: d = 1 / 2, log b = 3 tanh(0.5 / 3) = 0.49542...
    b2 = math.exp(_soft_log_b(0.5))
    e2 = 0.5 / b2 + math.log(2 * b2)
    # entry 3: d = 5 / 0.5 = 10, log b = 3 tanh(-1 / 3)
    b3 = math.exp(_soft_log_b(-1.))
    e3 = 10. / b3 + math.log(2 * b3)
    assert _soft_log_b(0.5) == pytest.approx(0.49542, abs=1e-5)

    loss = LaplaceLoss(loss_weight=2.)(pred, target, log_b, norm)
    assert loss.item() == pytest.approx(2 * (e1 + e2 + e3), rel=1e-6)

    # no norm: every distance as it is
    d1, d2, d3 = math.sqrt(5.), 1., 5.
    expected = (d1 / 1. + math.log(2.)) + (d2 / b2 + math.log(2 * b2)) + (
        d3 / b3 + math.log(2 * b3))
    loss = LaplaceLoss()(pred, target, log_b)
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_laplace_gradients_and_bound():
    pred = torch.tensor([[1., 2.], [0., 0.]], requires_grad=True)
    log_b = torch.tensor([40., -40.], requires_grad=True)
    target = torch.tensor([[0., 0.], [0., 0.]])
    loss = LaplaceLoss()(pred, target, log_b)
    # |log b| is held below 3: b in (e^-3, e^3)
    big, small = math.exp(3.), math.exp(-3.)
    expected = math.sqrt(5.) / big + math.log(2 * big) + 0. + math.log(
        2 * small)
    assert loss.item() == pytest.approx(expected, rel=1e-5)
    loss.backward()
    assert pred.grad[0].abs().sum() > 0
    # a zero error has a zero (sub)gradient, not NaN
    assert torch.equal(pred.grad[1], torch.zeros(2))
    assert torch.isfinite(log_b.grad).all()

    # the soft bound keeps a gradient on log b: a spread can recover
    log_b = torch.tensor([-4.], requires_grad=True)
    LaplaceLoss()(torch.tensor([[1., 0.]]), torch.zeros(1, 2),
                  log_b).backward()
    assert log_b.grad.item() < 0  # descent raises log b


def test_laplace_empty_and_shapes():
    pred = torch.zeros(0, 2, requires_grad=True)
    loss = LaplaceLoss()(pred, torch.zeros(0, 2), torch.zeros(0))
    assert loss.item() == 0
    loss.backward()
    with pytest.raises(AssertionError):
        LaplaceLoss()(torch.zeros(3, 2), torch.zeros(3, 2), torch.zeros(2))


# -------------------------------------------------------------- relative L1
def test_relative_l1_hand_computed():
    pred = torch.tensor([1., 0.5, 3.], requires_grad=True)
    target = torch.tensor([2., 0., 3.])
    # |1 - 2| / (0.1 + 2) + |0.5 - 0| / (0.1 + 0) + 0
    expected = 1. / 2.1 + 0.5 / 0.1 + 0.
    loss = RelativeL1Loss(loss_weight=0.5)(pred, target)
    assert loss.item() == pytest.approx(0.5 * expected, rel=1e-6)
    loss.backward()
    # d/ds = sign(s - t) / (0.1 + t) * 0.5
    torch.testing.assert_close(pred.grad,
                               torch.tensor([-0.5 / 2.1, 0.5 / 0.1, 0.]))

    # another offset: |1 - 2| / (0.5 + 2) + |0.5| / 0.5
    loss = RelativeL1Loss(offset=0.5)(pred.detach(), target)
    assert loss.item() == pytest.approx(1. / 2.5 + 1., rel=1e-6)


# --------------------------------------------------------------- confidence
LOGITS = [0., 2., -1.]
TARGETS = [1., 0., 1.]


def test_bce_hand_computed():
    # -log(sigmoid(0)) = log 2; -log(1 - sigmoid(2)) = log(1 + e^2);
    # -log(sigmoid(-1)) = log(1 + e)
    expected = math.log(2.) + math.log(1 + math.e**2) + math.log(1 + math.e)
    logits = torch.tensor(LOGITS, requires_grad=True)
    loss = FieldConfidenceLoss(loss_weight=3.)(logits, torch.tensor(TARGETS))
    assert loss.item() == pytest.approx(3 * expected, rel=1e-6)
    loss.backward()
    # d/dx = 3 (sigmoid(x) - t)
    torch.testing.assert_close(
        logits.grad,
        torch.tensor([3 * (_sigmoid(x) - t) for x, t in zip(LOGITS, TARGETS)]))


def test_focal_hand_computed():
    # p = sigmoid(x); 1 - p_t = 1 - p for t = 1, p for t = 0;
    # alpha_t = 0.25 for t = 1, 0.75 for t = 0; gamma = 2
    p = [_sigmoid(x) for x in LOGITS]
    bce = [-math.log(p[0]), -math.log(1 - p[1]), -math.log(p[2])]
    one_minus_pt = [1 - p[0], p[1], 1 - p[2]]
    alpha_t = [0.25, 0.75, 0.25]
    expected = sum(a * q**2 * c
                   for a, q, c in zip(alpha_t, one_minus_pt, bce))
    logits = torch.tensor(LOGITS, requires_grad=True)
    loss = FieldConfidenceLoss(focal_gamma=2., focal_alpha=0.25)(
        logits, torch.tensor(TARGETS))
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    loss.backward()
    assert torch.isfinite(logits.grad).all()
    assert (logits.grad.abs() > 0).all()

    # v0.13's setting: alpha 0.5, gamma 1
    expected = sum(0.5 * q * c for q, c in zip(one_minus_pt, bce))
    loss = FieldConfidenceLoss(focal_gamma=1., focal_alpha=0.5)(
        torch.tensor(LOGITS), torch.tensor(TARGETS))
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_focal_gamma_zero_is_bce():
    torch.manual_seed(0)
    logits, targets = torch.randn(20) * 3, (torch.rand(20) > 0.7).float()
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction='sum')
    torch.testing.assert_close(
        FieldConfidenceLoss(focal_gamma=0.)(logits, targets), bce)
    # alpha 0.5 halves it
    torch.testing.assert_close(
        FieldConfidenceLoss(focal_alpha=0.5)(logits, targets), 0.5 * bce)


def test_focal_saturated_logits_have_finite_gradients():
    logits = torch.tensor([60., -60., 60.], requires_grad=True)
    loss = FieldConfidenceLoss(focal_gamma=0.5)(
        logits, torch.tensor([1., 0., 0.]))
    loss.backward()
    assert torch.isfinite(loss) and torch.isfinite(logits.grad).all()


def test_invalid_arguments():
    with pytest.raises(ValueError):
        FieldConfidenceLoss(focal_gamma=-1.)
    with pytest.raises(ValueError):
        FieldConfidenceLoss(focal_alpha=1.5)
    with pytest.raises(ValueError):
        RelativeL1Loss(offset=0.)
    with pytest.raises(ValueError):
        LaplaceLoss(log_b_bound=0.)
