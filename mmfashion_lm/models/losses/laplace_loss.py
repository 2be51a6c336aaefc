"""The Laplace regression loss of composite fields: an L1 distance
attenuated by a predicted spread."""
import math
from typing import Optional

import torch
import torch.nn as nn
from mmpose.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class LaplaceLoss(nn.Module):
    r"""Laplace loss on 2-D offset vectors with a predicted spread, the
    regression loss of the composite fields (PifPaf, Kreiss et al., CVPR
    2019; seed paper section 4.1.3), after the aleatoric-uncertainty losses
    of `What uncertainties do we need in Bayesian deep learning for computer
    vision?`_ by Kendall and Gal (NeurIPS 2017).

    For an entry (one field cell with a regression target) with predicted
    vector :math:`\hat v`, target :math:`v`, normaliser :math:`n` and
    predicted log-spread :math:`\log b`,

    .. math::

        d = \lVert \hat v - v \rVert_2 / n, \qquad
        \ell = d / b + \log(2 b),

    the negative log-likelihood of a Laplace distribution of scale ``b``
    on the distance (up to the constant). The network lowers the first term
    by predicting a large ``b`` where it is unsure and pays
    :math:`\log(2b)` for it, so uncertain cells weigh less. The loss is

    .. math::

        L = \text{loss\_weight} \sum_{\text{entries}} \ell,

    a sum, not a mean: the head divides it by the batch size.

    ``n`` is half the scale target in the composite fields (a landmark's
    spatial extent), so the distance is relative to the garment's size;
    entries without a normaliser use ``n = 1``.

    Stability: the seed paper (section 4.2.2) traces its loss explosions to
    extreme predicted spreads. ``log b`` is bounded softly,
    :math:`\log b \leftarrow c \tanh(\log b / c)` with
    ``c = log_b_bound`` (3 by default: ``b`` in ``(e^{-3}, e^3)``, about
    0.05 to 20 in normalised units), so ``d / b`` is at most ``20 d`` and
    the gradient never vanishes, as it would at a hard clamp, where a
    saturated ``log b`` could not come back when the error grows. The bound
    is our choice; near 0 it is the identity (``3 tanh(0.5 / 3) = 0.4954``
    for ``log b = 0.5``).

    Args:
        loss_weight (float): Weight of the loss. Defaults to 1.0
        log_b_bound (float): ``c``, the soft bound on ``|log b|``.
            Defaults to 3.0

    .. _`What uncertainties do we need in Bayesian deep learning for
        computer vision?`: https://arxiv.org/abs/1703.04977
    """

    def __init__(self,
                 loss_weight: float = 1.,
                 log_b_bound: float = 3.) -> None:
        super().__init__()
        if log_b_bound <= 0:
            raise ValueError(f'log_b_bound must be > 0, got {log_b_bound}')
        self.loss_weight = loss_weight
        self.log_b_bound = log_b_bound

    def forward(self,
                pred_vectors: Tensor,
                target_vectors: Tensor,
                log_b: Tensor,
                norm: Optional[Tensor] = None) -> Tensor:
        """Forward function of loss.

        Note:
            - number of entries: M (may be 0)

        Args:
            pred_vectors (Tensor): Predicted vectors in shape (M, 2)
            target_vectors (Tensor): Target vectors in shape (M, 2), finite
            log_b (Tensor): Predicted log-spreads in shape (M, )
            norm (Tensor, optional): Positive normalisers of the distance in
                shape (M, ); ``None`` means 1 for every entry

        Returns:
            Tensor: The scalar loss (a sum over the entries; 0 if M = 0).
        """
        assert pred_vectors.shape == target_vectors.shape \
            and pred_vectors.shape[-1:] == (2, ), (
                'pred_vectors and target_vectors must have shape (M, 2), got '
                f'{tuple(pred_vectors.shape)} and '
                f'{tuple(target_vectors.shape)}')
        assert log_b.shape == pred_vectors.shape[:-1], (
            f'log_b must have shape {tuple(pred_vectors.shape[:-1])}, got '
            f'{tuple(log_b.shape)}')
        distance = torch.linalg.vector_norm(
            pred_vectors - target_vectors, dim=-1)
        if norm is not None:
            assert norm.shape == distance.shape, (
                f'norm must have shape {tuple(distance.shape)}, got '
                f'{tuple(norm.shape)}')
            distance = distance / norm
        bound = self.log_b_bound
        log_b = bound * torch.tanh(log_b / bound)
        # d / b + log(2 b) = d * exp(-log b) + log 2 + log b
        cost = distance * torch.exp(-log_b) + log_b + math.log(2)
        return cost.sum() * self.loss_weight

