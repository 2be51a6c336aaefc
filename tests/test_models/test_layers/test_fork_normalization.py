"""ForkNormalization: identity forward; backward sums the heads' gradients
per sample, scaled by T ** -beta over the tasks that supervise the sample."""
import pytest
import torch
from torch import nn

from mmfashion_lm.models.layers import ForkNormalization


def _toy_gradients(fork=None):
    """A shared linear 'backbone' feeding two linear heads; sample 0 is
    supervised by both heads, sample 1 by head 1 only (head 2's loss is
    masked there), sample 2 by head 2 only. Returns the gradient at the
    shared feature and the heads' weight gradients."""
    torch.manual_seed(0)
    backbone, head1, head2 = nn.Linear(3, 4), nn.Linear(4, 2), nn.Linear(4, 1)
    x = torch.randn(3, 3)
    feature = backbone(x)
    feature.retain_grad()
    if fork is None:
        branch1 = branch2 = feature
    else:
        branch1, branch2 = fork(feature, 2)
    mask1 = torch.tensor([1., 1., 0.])[:, None]
    mask2 = torch.tensor([1., 0., 1.])[:, None]
    loss = ((head1(branch1)**2) * mask1).sum() + \
        ((head2(branch2) - 1)**2 * mask2).sum()
    loss.backward()
    return feature.grad, head1.weight.grad, head2.weight.grad


@pytest.mark.parametrize('mode, beta, scale_of_two', [
    ('power', 0.5, 2**-0.5),
    ('power', 0.25, 2**-0.25),
    ('average', 0.5, 0.5),
    ('sum', 0.5, 1.0),
])
def test_backbone_gradient_is_scaled_per_sample(mode, beta, scale_of_two):
    plain, plain_head1, plain_head2 = _toy_gradients()
    forked, head1, head2 = _toy_gradients(ForkNormalization(mode, beta))
    # sample 0: two tasks, T = 2; samples 1 and 2: one task, T = 1
    expected = plain * torch.tensor([scale_of_two, 1., 1.])[:, None]
    torch.testing.assert_close(forked, expected)
    # the heads' own gradients are unchanged
    torch.testing.assert_close(head1, plain_head1)
    torch.testing.assert_close(head2, plain_head2)


def test_forward_is_identity_and_arguments_are_checked():
    x = torch.randn(2, 3, 4, 4, requires_grad=True)
    copies = ForkNormalization()(x, 3)
    assert len(copies) == 3
    for copy in copies:
        torch.testing.assert_close(copy, x)
    # an unused branch sends back nothing: T counts the used ones
    copies[0].sum().backward()
    torch.testing.assert_close(x.grad, torch.ones_like(x))
    with pytest.raises(ValueError, match='mode'):
        ForkNormalization(mode='mean')
    with pytest.raises(ValueError, match='beta'):
        ForkNormalization(beta=-1)
