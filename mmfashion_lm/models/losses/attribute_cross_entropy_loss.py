"""Liu & Lu's attribute loss: a two-way cross-entropy per attribute whose
negatives weigh less."""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmpretrain.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class AttributeCrossEntropyLoss(nn.Module):
    r"""The attribute loss of "Deep Fashion Analysis with Feature Map
    Upsampling and Landmark-driven Attention" (Liu & Lu, ECCV Workshops
    2018): for every attribute a two-way cross-entropy (present / absent)
    with class weights, negatives ``negative_weight`` (0.1) and positives 1,
    averaged as PyTorch's weighted cross-entropy averages, over the weights:

    .. math::

        L = \text{loss\_weight} \,
            \frac{\sum_{i, a} w_{ia} \, \ell_{ia}}{\sum_{i, a} w_{ia}},
        \qquad w_{ia} = \begin{cases} 1 & y_{ia} = 1 \\
                                      \text{negative\_weight} & y_{ia} = 0
                        \end{cases}

    with :math:`\ell_{ia}` the binary cross-entropy of attribute :math:`a`
    of sample :math:`i`. A two-way softmax over logits :math:`(z_0, z_1)`
    is the sigmoid of :math:`z_1 - z_0`, so the head predicts one logit per
    attribute (the same predictions, half the outputs). An mmpretrain loss
    (``MultiLabelClsHead(loss=...)``); mmpretrain's ``CrossEntropyLoss
    (use_sigmoid=True)`` averages over the entries instead.

    Args:
        negative_weight (float): The weight of an absent attribute (>= 0).
            Defaults to 0.1
        loss_weight (float): The weight of the loss. Defaults to 1.0
    """

    def __init__(self,
                 negative_weight: float = 0.1,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if negative_weight < 0:
            raise ValueError(
                f'negative_weight must be >= 0, got {negative_weight}')
        self.negative_weight = negative_weight
        self.loss_weight = loss_weight

    def forward(self,
                cls_score: Tensor,
                label: Tensor,
                avg_factor: Optional[int] = None,
                **kwargs) -> Tensor:
        """The loss of logits (N, A) against multi-hot labels (N, A).
        ``avg_factor`` (mmpretrain heads pass it) is not used: the weights
        normalise."""
        label = label.to(cls_score)
        weight = torch.where(label > 0, torch.ones_like(label),
                             torch.full_like(label, self.negative_weight))
        entropy = F.binary_cross_entropy_with_logits(
            cls_score, label, reduction='none')
        return self.loss_weight * (weight * entropy).sum() / weight.sum(
        ).clamp(min=torch.finfo(cls_score.dtype).tiny)
