from typing import Callable, Dict, Optional

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import constant_init
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from ..utils import OwnInitModule


def _scaled_bmm(a: Tensor, b: Tensor, scale: float) -> Tensor:
    """``scale * (a @ b)`` for batches of matrices, the scale applied to
    the product's accumulator: in half precision the associative form's sum
    over N = H * W positions could overflow before a later division."""
    return torch.baddbmm(a.new_zeros(()), a, b, beta=0, alpha=scale)


def associative_non_local(query: Tensor, key: Tensor, value: Tensor) -> Tensor:
    """Dot-product non-local aggregation, computed without the affinity.

    Returns ``y_i = 1/N sum_j (q_i . k_j) v_j`` for every position ``i``.
    With dot-product similarity and ``1/N`` normalisation there is no softmax,
    so the product associates: ``V (Q^T K)^T / N = (V K^T / N) Q``. The
    (C' x C') matrix ``V K^T`` takes the place of the (N x N) affinity, which
    brings the cost from O(N^2 C') time and O(N^2) memory down to O(N C'^2)
    time and O(C'^2) extra memory.

    Args:
        query (Tensor): Queries ``theta(.)`` in shape (B, C', N)
        key (Tensor): Keys ``phi(.)`` in shape (B, C', N)
        value (Tensor): Values ``g(.)`` in shape (B, C', N)

    Returns:
        Tensor: The aggregated values in shape (B, C', N)
    """
    context = _scaled_bmm(value, key.transpose(1, 2), 1 / key.shape[-1])
    return torch.bmm(context, query)


def literal_non_local(query: Tensor, key: Tensor, value: Tensor) -> Tensor:
    """Dot-product non-local aggregation through the explicit (N x N)
    affinity ``(Q^T K) / N``: the reference for :func:`associative_non_local`.

    Args and returns are those of :func:`associative_non_local`.
    """
    affinity = _scaled_bmm(query.transpose(1, 2), key, 1 / key.shape[-1])
    # y[:, :, i] = sum_j affinity[:, i, j] * value[:, :, j]
    return torch.bmm(value, affinity.transpose(1, 2))


# the aggregation behind each ``mode`` of SpatialAwareNonLocal2d
NON_LOCAL_AGGREGATIONS: Dict[str, Callable[..., Tensor]] = dict(
    associative=associative_non_local, literal=literal_non_local)


@MODELS.register_module()
class SpatialAwareNonLocal2d(OwnInitModule):
    """Spatial-Aware Non-Local (SANL) block from `SANL`_ by Li et al. (ICME
    2019), which is the dot-product non-local block of `Non-local`_ by Wang
    et al. (CVPR 2018) when no attention map is given.

    For an input ``X`` (B, C, H, W) and a spatial attention map ``M``
    (B, 1, H, W) in [0, 1]:

    .. code-block:: none

        h(X, M) = X * (1 + M)
        y_i = 1/N sum_j theta(h(X, M))_i . phi(h(X, M))_j  g(X)_j,  N = H * W
        out = X + W(y)

    ``theta``, ``phi`` and ``g`` are 1x1 convs to ``inner_channels``; ``W`` is
    a 1x1 conv back to ``C`` followed by a norm layer (BatchNorm by default)
    whose scale (gamma) and shift (beta) are zero at initialisation; the
    conv of ``W`` keeps its default initialisation. So ``W(y) = 0`` and the
    block starts as the identity. The map only steers which positions attend
    to which (query and key); the values ``g(X)`` and the residual are the
    plain features. With ``M = None`` (or zeros) the block is the non-local
    block with dot-product similarity. As a backbone plugin it takes the
    backbone's side input (``takes_side_input``): the attention map of its
    stride.

    From the paper: ``h``, the dot product and ``theta``, ``phi``, ``g`` as
    1x1 convs (Eqs. 2-3), ``C(X) = N``, and "the transform function w"
    applied to ``Y`` and added to ``X``. Ours (the paper leaves them open,
    docs/methods/sanl.md): ``W`` as a 1x1 conv + norm and its zero start,
    and ``inner_channels = C / 2``.

    Args:
        in_channels (int): Number of channels ``C`` of the input
        inner_channels (int, optional): Number of channels ``C'`` of
            ``theta``, ``phi`` and ``g``. ``None`` means
            ``max(in_channels // 2, 1)``. Defaults to ``None``
        norm_cfg (Config, optional): Config of the norm layer after the conv
            of ``W``, whose scale and shift start at zero; ``None`` (no norm
            layer) zero-initialises the conv's weight and bias instead.
            Defaults to ``dict(type='BN')``
        mode (str): How the aggregation is computed: ``'associative'``
            (:func:`associative_non_local`, never builds the N x N affinity)
            or ``'literal'`` (:func:`literal_non_local`, the reference). Both
            give the same result. Defaults to ``'associative'``
        init_cfg (Config, optional): Config to control the initialization.
            ``None`` keeps the zero start of ``W``'s last layer (the norm, or
            the conv without one) through a parent's initialisation
            (:class:`~mmfashion_lm.models.utils.OwnInitModule`); a config
            replaces it. Defaults to ``None``

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    .. _`Non-local`: https://arxiv.org/abs/1711.07971
    """

    takes_side_input = True

    def __init__(self,
                 in_channels: int,
                 inner_channels: Optional[int] = None,
                 norm_cfg: OptConfigType = dict(type='BN'),
                 mode: str = 'associative',
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        if mode not in NON_LOCAL_AGGREGATIONS:
            raise ValueError(f'mode should be one of '
                             f'{sorted(NON_LOCAL_AGGREGATIONS)}, got {mode!r}')
        self.in_channels = in_channels
        self.inner_channels = inner_channels or max(in_channels // 2, 1)
        self.mode = mode

        def embedding() -> ConvModule:
            return ConvModule(
                in_channels, self.inner_channels, kernel_size=1, act_cfg=None)

        self.theta = embedding()
        self.phi = embedding()
        self.g = embedding()
        self.conv_out = ConvModule(
            self.inner_channels,
            in_channels,
            kernel_size=1,
            norm_cfg=norm_cfg,
            act_cfg=None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Zero the last layer of ``W``, so that ``W(y) = 0`` and the block is
        the identity: the scale and shift of its norm layer, or, without one,
        the weight and bias of its conv."""
        last = self.conv_out.norm if self.conv_out.with_norm \
            else self.conv_out.conv
        constant_init(last, 0)

    def forward(self,
                x: Tensor,
                attention: Optional[Tensor] = None) -> Tensor:
        """Forward the block.

        Args:
            x (Tensor): Features in shape (B, C, H, W)
            attention (Tensor, optional): Spatial attention map ``M`` in
                shape (B, 1, H', W'), values in [0, 1]. It is resized
                bilinearly to (H, W) when the sizes differ. ``None`` gives the
                plain non-local block. Defaults to ``None``

        Returns:
            Tensor: The output features in shape (B, C, H, W)
        """
        batch_size, _, height, width = x.shape
        guided = x
        if attention is not None:
            if attention.shape[-2:] != x.shape[-2:]:
                attention = F.interpolate(
                    attention,
                    size=(height, width),
                    mode='bilinear',
                    align_corners=False)
            guided = x * (1 + attention)

        aggregate = NON_LOCAL_AGGREGATIONS[self.mode]
        y = aggregate(
            self.theta(guided).flatten(2),
            self.phi(guided).flatten(2),
            self.g(x).flatten(2))
        y = y.reshape(batch_size, self.inner_channels, height, width)
        return x + self.conv_out(y)
