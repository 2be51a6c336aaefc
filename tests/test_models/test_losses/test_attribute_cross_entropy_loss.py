"""AttributeCrossEntropyLoss: Liu & Lu's weighted two-way cross-entropy,
against PyTorch's weighted cross-entropy over (absent, present) logits, and
by hand."""
import math

import pytest
import torch
import torch.nn.functional as F

from mmfashion_lm.models.losses import AttributeCrossEntropyLoss


def test_equals_weighted_two_way_cross_entropy():
    torch.manual_seed(0)
    logits = torch.randn(4, 6)
    labels = (torch.rand(4, 6) < 0.3).float()
    labels[0, 0] = 1
    # the two-way softmax of (0, z) is the sigmoid of z
    two_way = torch.stack([torch.zeros_like(logits), logits], -1)
    expected = F.cross_entropy(
        two_way.reshape(-1, 2), labels.reshape(-1).long(),
        weight=torch.tensor([0.1, 1.0]))
    loss = AttributeCrossEntropyLoss(negative_weight=0.1, loss_weight=2.0)
    torch.testing.assert_close(loss(logits, labels), 2 * expected)


def test_by_hand():
    # one present attribute at logit 0 (log 2), one absent at logit 0
    # weighing 0.5: (log 2 + 0.5 log 2) / 1.5 = log 2
    loss = AttributeCrossEntropyLoss(negative_weight=0.5)
    value = loss(torch.zeros(1, 2), torch.tensor([[1., 0.]]))
    assert float(value) == pytest.approx(math.log(2))


def test_negative_weight_must_not_be_negative():
    with pytest.raises(ValueError, match='negative_weight'):
        AttributeCrossEntropyLoss(negative_weight=-1)
