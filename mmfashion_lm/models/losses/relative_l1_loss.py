"""The relative L1 loss of the composite fields' scale components."""
import torch.nn as nn
from mmpose.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class RelativeL1Loss(nn.Module):
    r"""L1 distance relative to the target, the scale loss of the composite
    fields (OpenPifPaf, Kreiss et al., T-ITS 2021).

    For predicted scales :math:`s` and targets :math:`t \ge 0` (both in
    field cells),

    .. math::

        L = \text{loss\_weight} \sum_{\text{entries}}
            \frac{|s - t|}{\text{offset} + t},

    a sum, not a mean: the head divides it by the batch size. Dividing by
    the target makes an error of one cell cost more on a small garment than
    on a large one; ``offset`` keeps tiny targets from dominating.

    Args:
        loss_weight (float): Weight of the loss. Defaults to 1.0
        offset (float): Added to the target in the denominator.
            Defaults to 0.1
    """

    def __init__(self, loss_weight: float = 1., offset: float = 0.1) -> None:
        super().__init__()
        if offset <= 0:
            raise ValueError(f'offset must be > 0, got {offset}')
        self.loss_weight = loss_weight
        self.offset = offset

    def forward(self, pred_scales: Tensor, target_scales: Tensor) -> Tensor:
        """Forward function of loss.

        Note:
            - number of entries: M (may be 0)

        Args:
            pred_scales (Tensor): Predicted scales (after the head's
                softplus) in shape (M, )
            target_scales (Tensor): Finite, non-negative target scales in
                shape (M, )

        Returns:
            Tensor: The scalar loss (a sum over the entries; 0 if M = 0).
        """
        assert pred_scales.shape == target_scales.shape, (
            'pred_scales and target_scales have mismatched shapes '
            f'{tuple(pred_scales.shape)} v.s. {tuple(target_scales.shape)}')
        cost = (pred_scales - target_scales).abs() / (
            self.offset + target_scales)
        return cost.sum() * self.loss_weight
