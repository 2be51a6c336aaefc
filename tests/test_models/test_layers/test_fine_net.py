import pytest
import torch
from mmpose.registry import MODELS

from mmfashion_lm.models.layers import FineNet


@pytest.mark.parametrize('num_levels', [1, 3, 4])
@pytest.mark.parametrize('size', [(16, 12), (17, 11)])
def test_residual_is_zero_at_init(num_levels, size):
    fine_net = MODELS.build(
        dict(type='FineNet', channels=5, mid_channels=8,
             num_levels=num_levels))
    coarse = torch.randn(2, 5, *size)
    residual = fine_net(coarse)
    assert residual.shape == coarse.shape
    assert torch.equal(residual, torch.zeros_like(coarse))
    fine_net.init_weights()
    assert torch.equal(fine_net(coarse), torch.zeros_like(coarse))


def test_levels_go_down_by_stride_two():
    fine_net = FineNet(5, mid_channels=8, num_levels=3)
    shapes = []
    for module in (fine_net.stem, *fine_net.downsamples):
        module.register_forward_hook(
            lambda _, __, out: shapes.append(out.shape[-2:]))
    fine_net(torch.randn(2, 5, 17, 12))
    assert shapes == [(17, 12), (9, 6), (5, 3)]
    assert len(fine_net.fusions) == 2


def test_gradients_flow_through_all_levels():
    fine_net = FineNet(5, mid_channels=8, num_levels=3)
    torch.nn.init.normal_(fine_net.final_layer.weight)
    coarse = torch.randn(2, 5, 16, 16, requires_grad=True)
    residual = fine_net(coarse)
    assert residual.abs().sum() > 0
    residual.square().mean().backward()
    for name, param in fine_net.named_parameters():
        assert param.grad is not None and param.grad.abs().sum() > 0, name
    assert coarse.grad.abs().sum() > 0


def test_invalid_num_levels():
    with pytest.raises(ValueError, match='num_levels'):
        FineNet(5, num_levels=0)
