"""Fork normalisation of multi-task gradients (Mordan et al., T-ITS 2021;
seed 003, appendix 7.1): where one shared feature feeds several task heads,
the backbone receives the heads' gradients summed and scaled by
``1 / T ** beta``, ``T`` the number of tasks that supervise the sample."""
from typing import Tuple

import torch
from mmpose.registry import MODELS
from torch import Tensor, nn


class _Fork(torch.autograd.Function):
    """Identity into ``num_branches`` copies; backward sums the copies'
    gradients per sample, scaled by ``T ** -exponent`` with ``T`` the number
    of copies whose gradient is not zero for that sample."""

    @staticmethod
    def forward(ctx, x: Tensor, num_branches: int,
                exponent: float) -> Tuple[Tensor, ...]:
        ctx.exponent = exponent
        return tuple(x.clone() for _ in range(num_branches))

    @staticmethod
    def backward(ctx, *grads: Tensor):
        stacked = torch.stack(grads)  # (T, B, ...)
        per_sample = stacked.flatten(2).abs().sum(dim=2)  # (T, B)
        active = (per_sample > 0).sum(dim=0).clamp(min=1)
        scale = active.to(stacked.dtype).pow(-ctx.exponent)
        scale = scale.view(-1, *([1] * (stacked.dim() - 2)))
        return stacked.sum(dim=0) * scale, None, None


@MODELS.register_module()
class ForkNormalization(nn.Module):
    """Fork a shared feature map into one branch per task head.

    Forward is the identity: each head receives the feature unchanged.
    Backward combines, per sample, the gradients that come back from the
    heads, ``sum_t dL_t / dz`` scaled by ``kappa = T ** -beta`` (Mordan et
    al., "Detecting 32 pedestrian attributes for autonomous vehicles",
    T-ITS 2021; seed 003, appendix 7.1: the heads' gradients summed at the
    fork with ``kappa_t = 1 / T^beta``), where ``T`` is counted per sample,
    as the authors' implementation counts it: the heads whose gradient for
    that sample is not zero (a head with no label for the sample sends
    back zeros there), at least 1, so an unsupervised sample stays zero.
    The heads' own parameters get their gradients unscaled; only what
    flows into the backbone is normalised.

    Modes: ``'power'`` (``kappa = T ** -beta``, the paper's, beta 0.5 fitted
    on gradient norms against the number of tasks), ``'average'``
    (``1 / T``), ``'sum'`` (``1``, plain multi-task back-propagation).

    Args:
        mode (str): ``'power'``, ``'average'`` or ``'sum'``. Defaults to
            ``'power'``.
        beta (float): The exponent of ``'power'`` (>= 0). Defaults to 0.5.
    """

    MODES = ('power', 'average', 'sum')

    def __init__(self, mode: str = 'power', beta: float = 0.5) -> None:
        super().__init__()
        if mode not in self.MODES:
            raise ValueError(
                f'ForkNormalization mode must be one of {self.MODES}, '
                f'got {mode!r}')
        if beta < 0:
            raise ValueError(f'ForkNormalization beta must be >= 0, got '
                             f'{beta}')
        self.mode = mode
        self.beta = beta
        self.exponent = dict(power=beta, average=1.0, sum=0.0)[mode]

    def forward(self, x: Tensor, num_tasks: int) -> Tuple[Tensor, ...]:
        """Return ``num_tasks`` copies of ``x`` (B, ...), one per head."""
        if num_tasks < 1:
            raise ValueError(f'num_tasks must be >= 1, got {num_tasks}')
        return _Fork.apply(x, num_tasks, self.exponent)

    def extra_repr(self) -> str:
        return f'mode={self.mode!r}, beta={self.beta}'
