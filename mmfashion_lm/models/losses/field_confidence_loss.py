"""Binary cross-entropy (or its focal variant) on the composite fields'
confidence logits."""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmpose.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class FieldConfidenceLoss(nn.Module):
    r"""Binary cross-entropy on confidence logits, summed over the field
    cells; with ``focal_gamma > 0`` the focal loss of `Focal loss for dense
    object detection`_ by Lin et al. (ICCV 2017). The confidence loss of the
    composite fields (PifPaf, Kreiss et al., CVPR 2019: BCE; OpenPifPaf
    v0.13: focal with alpha 0.5, gamma 1).

    For a logit :math:`x` and target :math:`t \in \{0, 1\}` (or in
    [0, 1]), with :math:`p = \sigma(x)`,

    .. math::

        \text{bce} = -[t \log p + (1 - t) \log(1 - p)], \qquad
        p_t = t p + (1 - t)(1 - p),

    .. math::

        \ell = \alpha_t (1 - p_t)^\gamma \, \text{bce}, \qquad
        \alpha_t = t \alpha + (1 - t)(1 - \alpha),

    with :math:`\alpha_t = 1` when ``focal_alpha`` is ``None``. The loss is

    .. math::

        L = \text{loss\_weight} \sum_{\text{cells}} \ell,

    a sum, not a mean: the head divides it by the batch size. The focal
    factor lowers the weight of the many easy background cells. With
    ``focal_gamma = 0`` and no ``focal_alpha`` it is the plain BCE, computed
    stably from the logits.

    Args:
        loss_weight (float): Weight of the loss. Defaults to 1.0
        focal_gamma (float): :math:`\gamma >= 0`. Defaults to 0.0 (BCE)
        focal_alpha (float, optional): :math:`\alpha` in [0, 1], the weight
            of the positive cells (negatives get ``1 - alpha``); ``None``
            weighs both 1. Defaults to ``None``

    .. _`Focal loss for dense object detection`:
        https://arxiv.org/abs/1708.02002
    """

    def __init__(self,
                 loss_weight: float = 1.,
                 focal_gamma: float = 0.,
                 focal_alpha: Optional[float] = None) -> None:
        super().__init__()
        if focal_gamma < 0:
            raise ValueError(f'focal_gamma must be >= 0, got {focal_gamma}')
        if focal_alpha is not None and not 0 <= focal_alpha <= 1:
            raise ValueError(
                f'focal_alpha must be in [0, 1], got {focal_alpha}')
        self.loss_weight = loss_weight
        self.focal_gamma = focal_gamma
        self.focal_alpha = focal_alpha

    def forward(self, logits: Tensor, targets: Tensor) -> Tensor:
        """Forward function of loss.

        Note:
            - number of entries: M (may be 0)

        Args:
            logits (Tensor): Confidence logits in shape (M, )
            targets (Tensor): Finite targets in [0, 1] in shape (M, )

        Returns:
            Tensor: The scalar loss (a sum over the entries; 0 if M = 0).
        """
        assert logits.shape == targets.shape, (
            'logits and targets have mismatched shapes '
            f'{tuple(logits.shape)} v.s. {tuple(targets.shape)}')
        cost = F.binary_cross_entropy_with_logits(
            logits, targets, reduction='none')
        if self.focal_gamma > 0:
            p = torch.sigmoid(logits)
            # the floor keeps the gradient of x ** gamma (gamma < 1) finite
            # at a saturated logit, where 1 - p_t rounds to 0
            one_minus_pt = (targets * (1 - p) + (1 - targets) * p).clamp(
                min=1e-12)
            cost = cost * one_minus_pt.pow(self.focal_gamma)
        if self.focal_alpha is not None:
            alpha = self.focal_alpha
            cost = cost * (targets * alpha + (1 - targets) * (1 - alpha))
        return cost.sum() * self.loss_weight
