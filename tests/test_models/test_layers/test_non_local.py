import pytest
import torch
import torch.nn.functional as F
from mmcv.cnn import NonLocal2d
from mmpose.registry import MODELS

from mmfashion_lm.models.layers import (SpatialAwareNonLocal2d,
                                        associative_non_local,
                                        literal_non_local)


def _randomized_block(mode='associative', in_channels=8, seed=0,
                      dtype=torch.float64, **kwargs):
    """A block in eval mode with every parameter and norm statistic random,
    W included: the zero-initialised W would make any two forms agree."""
    torch.manual_seed(seed)
    block = SpatialAwareNonLocal2d(in_channels, mode=mode, **kwargs)
    with torch.no_grad():
        for tensor in block.state_dict().values():
            if tensor.is_floating_point():
                tensor.copy_(torch.rand_like(tensor) + 0.5)
    return block.to(dtype).eval()


def _twins(dtype=torch.float64, **kwargs):
    """The associative and the literal block with the same weights."""
    associative = _randomized_block('associative', dtype=dtype, **kwargs)
    literal = SpatialAwareNonLocal2d(
        associative.in_channels, mode='literal', **kwargs).to(dtype).eval()
    literal.load_state_dict(associative.state_dict())
    return associative, literal


def _inputs(dtype=torch.float64, size=(6, 7), in_channels=8, seed=1):
    torch.manual_seed(seed)
    x = torch.randn(2, in_channels, *size, dtype=dtype)
    attention = torch.rand(2, 1, *size, dtype=dtype)
    return x, attention


def _rel_err(actual, expected):
    return ((actual - expected).norm() / expected.norm()).item()


def test_build_and_defaults():
    block = MODELS.build(dict(type='SpatialAwareNonLocal2d', in_channels=16))
    assert block.mode == 'associative'
    assert block.inner_channels == 8
    assert block.conv_out.with_norm
    assert SpatialAwareNonLocal2d(16, inner_channels=3).inner_channels == 3
    with pytest.raises(ValueError, match='mode'):
        SpatialAwareNonLocal2d(16, mode='embedded_gaussian')


@pytest.mark.parametrize('norm_cfg', [dict(type='BN'), None])
def test_starts_as_identity(norm_cfg):
    x, attention = _inputs(torch.float32)
    block = SpatialAwareNonLocal2d(8, norm_cfg=norm_cfg)
    assert torch.equal(block(x, attention), x)
    # ConvModule.init_weights resets norm scales to 1; W must stay zero
    block.init_weights()
    assert torch.equal(block(x, attention), x)


@pytest.mark.parametrize('dtype', [torch.float64, torch.float32])
@pytest.mark.parametrize('with_attention', [False, True])
def test_associative_equals_literal(dtype, with_attention):
    associative, literal = _twins(dtype)
    x, attention = _inputs(dtype)
    attention = attention if with_attention else None
    # compare the residual branches: x itself would hide their differences
    expected = literal(x, attention) - x
    assert expected.abs().max() > 1e-3
    assert _rel_err(associative(x, attention) - x, expected) < 1e-5


def test_literal_matches_hand_written_loop():
    # 2x2 positions, C = 2 in, C' = 1 (one theta/phi/g channel each),
    # no norm so that W is a plain conv
    block = _randomized_block('literal', in_channels=2, inner_channels=1,
                              norm_cfg=None)
    x, attention = _inputs(size=(2, 2), in_channels=2)

    def conv1x1(module, v):
        return module.conv.weight[:, :, 0, 0] @ v + (
            0 if module.conv.bias is None else module.conv.bias)

    expected = torch.empty_like(x)
    for b in range(x.shape[0]):
        positions = [(r, c) for r in range(2) for c in range(2)]
        guided = {p: x[b, :, p[0], p[1]] * (1 + attention[b, 0, p[0], p[1]])
                  for p in positions}
        for i in positions:
            y_i = 0
            for j in positions:
                f_ij = conv1x1(block.theta, guided[i]) @ conv1x1(
                    block.phi, guided[j])
                y_i = y_i + f_ij * conv1x1(block.g, x[b, :, j[0], j[1]])
            y_i = y_i / len(positions)
            expected[b, :, i[0], i[1]] = x[b, :, i[0], i[1]] + conv1x1(
                block.conv_out, y_i)

    with torch.no_grad():
        actual = block(x, attention)
    assert torch.allclose(actual, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('mode', ['associative', 'literal'])
def test_zero_attention_is_the_non_local_block(mode):
    block = _randomized_block(mode)
    x, attention = _inputs()
    plain = block(x)
    assert torch.allclose(block(x, torch.zeros_like(attention)), plain)
    assert _rel_err(block(x, attention) - x, plain - x) > 1e-3
    # an independent implementation of Wang et al.'s dot-product block
    non_local = NonLocal2d(
        8, mode='dot_product', norm_cfg=dict(type='BN')).double().eval()
    non_local.load_state_dict(block.state_dict())
    assert torch.allclose(non_local(x), plain)


def test_attention_is_resized_bilinearly():
    block = _randomized_block()
    x, _ = _inputs(size=(6, 8))
    small = torch.rand(2, 1, 3, 4, dtype=x.dtype)
    resized = F.interpolate(
        small, size=(6, 8), mode='bilinear', align_corners=False)
    assert torch.allclose(block(x, small), block(x, resized))
    assert not torch.allclose(block(x, small), block(x))


@pytest.mark.parametrize('mode', ['associative', 'literal'])
def test_gradients_reach_parameters_and_attention(mode):
    block = _randomized_block(mode).train()
    x, attention = _inputs()
    attention.requires_grad_(True)
    block(x, attention).square().mean().backward()
    for name in ('theta', 'phi', 'g', 'conv_out'):
        for param in getattr(block, name).parameters():
            assert param.grad is not None and param.grad.abs().sum() > 0, name
    assert attention.grad.abs().sum() > 0


def test_zero_initialised_block_can_leave_identity():
    block = SpatialAwareNonLocal2d(8)
    x, attention = _inputs(torch.float32)
    block(x, attention).square().mean().backward()
    assert block.conv_out.norm.weight.grad.abs().sum() > 0


@pytest.mark.parametrize('aggregate', [associative_non_local,
                                       literal_non_local])
def test_half_precision_sum_over_positions_does_not_overflow(aggregate):
    # V K^T sums 64 * 64 = 4096 products of 8 * 8: 262144 > 65504, the
    # float16 maximum, unless 1/N scales it inside the product
    query, key, value = torch.full((3, 1, 2, 64 * 64), 8.,
                                   dtype=torch.float16)
    out = aggregate(query, key, value)
    # y_i = 1/N sum_j (q_i . k_j) v_j = (2 * 8 * 8) * 8
    assert torch.equal(out, torch.full_like(out, 2 * 8. * 8. * 8.))
