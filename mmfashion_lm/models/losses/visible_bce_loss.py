"""The positive-weighted binary cross-entropy of SANL-FPN, on the heatmaps
of visible landmarks only."""
from typing import Optional

import torch.nn as nn
import torch.nn.functional as F
from mmpose.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class VisibleWeightedBCELoss(nn.Module):
    r"""Binary cross-entropy of heatmap logits with a weight on the positive
    term, summed over the heatmaps of visible landmarks. See the paper
    `Spatial-aware non-local attention for fashion landmark detection`_ by
    Li et al. (ICME 2019) for details.

    The head outputs logits ``x``; the targets ``t`` are Gaussian heatmaps in
    [0, 1] (:class:`CoarseFineHeatmap`), and the head's decoder is fed
    ``sigmoid(x)``. A pixel costs

    .. math::

        c = -[\lambda_p t \log \sigma(x) + (1 - t) \log(1 - \sigma(x))]

    computed stably from the logits, and the loss is

    .. math::

        L = \frac{\text{loss\_weight}}{B}
            \sum_{b, k: w_{bk} > 0} w_{bk} \sum_{i, j} c_{bkij}

    with :math:`w_{bk}` the keypoint weight (the visibility) and B the batch
    size. Channels of weight 0, invisible or absent landmarks, are left out
    before the cross-entropy is computed, so they add nothing to the loss
    and get an exact zero gradient, whatever their logits; a sample with no
    visible landmark contributes 0. Which landmarks have weight > 0 is the
    pipeline's choice (``SelectTrainingLandmarks``: visible only, or
    occluded ones too). The paper's Eq. 4 sums over the visible landmarks'
    maps (its Table 4, "Vis") with a positive weight, and writes the sum
    over 1/N without saying what N counts; ours divides it by the number of
    samples, not of pixels, so the loss scales with the heatmap area (about
    ``K * H * W * log(2)`` per sample for zero logits), which
    ``loss_weight`` can absorb (docs/methods/sanl.md lists it as our
    choice).

    Args:
        pos_weight (float): :math:`\lambda_p`, the weight of the positive
            term. A Gaussian of sigma s covers about ``2 * pi * s**2`` of the
            ``H * W`` pixels (1 in 250 for s = 2 on 80x80), so the background
            would otherwise swamp the peak; full balance (hundreds) would
            spread the predicted blobs and blur their centroids, hence a
            middle value. Defaults to 10
        use_target_weight (bool): Whether to weight (and select) channels by
            the keypoint weights; if ``False`` every channel counts with
            weight 1. Defaults to ``True``
        loss_weight (float): Weight of the loss. Defaults to 1.0

    .. _`Spatial-aware non-local attention for fashion landmark detection`:
        https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 pos_weight: float = 10.,
                 use_target_weight: bool = True,
                 loss_weight: float = 1.) -> None:
        super().__init__()
        if pos_weight <= 0:
            raise ValueError(f'pos_weight must be > 0, got {pos_weight}')
        self.pos_weight = pos_weight
        self.use_target_weight = use_target_weight
        self.loss_weight = loss_weight

    def forward(self,
                output: Tensor,
                target: Tensor,
                target_weights: Optional[Tensor] = None) -> Tensor:
        """Forward function of loss.

        Note:
            - batch_size: B
            - num_keypoints: K
            - heatmaps height: H
            - heatmaps weight: W

        Args:
            output (Tensor): The heatmap logits in shape [B, K, H, W]
            target (Tensor): The target heatmaps in [0, 1], in shape
                [B, K, H, W]
            target_weights (Tensor, optional): The keypoint weights in shape
                [B, K]; required if ``use_target_weight``

        Returns:
            Tensor: The scalar loss.
        """
        assert output.shape == target.shape, (
            f'output and target have mismatched shapes {output.shape} v.s. '
            f'{target.shape}')
        if self.use_target_weight:
            assert (target_weights is not None
                    and target_weights.shape == output.shape[:2]), (
                        'target_weights must be given in shape '
                        f'{tuple(output.shape[:2])}')
            weights = target_weights
        else:
            weights = output.new_ones(output.shape[:2])

        # Selecting the channels rather than multiplying by a 0 weight keeps
        # absent landmarks out of the gradient even if their logits are not
        # finite (0 * nan is nan).
        keep = weights > 0
        cost = F.binary_cross_entropy_with_logits(
            output[keep],
            target[keep],
            pos_weight=output.new_tensor(self.pos_weight),
            reduction='none')
        loss = (cost.flatten(1).sum(dim=1) * weights[keep]).sum()
        return loss / output.shape[0] * self.loss_weight
