"""A multi-label classification head with hidden fully connected layers
(mmpretrain's ``StackedLinearClsHead`` for multi-label tasks)."""
from typing import Dict, Optional, Sequence, Tuple

from mmengine.model import ModuleList
from mmpretrain.models.heads import MultiLabelClsHead
from mmpretrain.models.heads.stacked_head import LinearBlock
from mmpretrain.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class StackedMultiLabelClsHead(MultiLabelClsHead):
    """mmpretrain's ``MultiLabelClsHead`` (sigmoid scores, its loss and
    predict: ``pred_score`` / ``pred_label`` in mmpretrain's
    ``DataSample``) behind hidden fully connected layers, as
    ``StackedLinearClsHead`` is for single-label tasks: the attribute head
    of Liu & Lu's multi-task model (FC 1024, ReLU, FC to the attributes;
    docs/methods/multitask.md). Registered in mmpretrain's ``MODELS`` when
    this module is imported, which ``MultiTaskGarmentHead`` does (the
    package does not: mmpretrain's models take a second to import); a
    config of mmpretrain's own that names it imports
    ``mmfashion_lm.models.heads.stacked_multi_label_cls_head``.

    Args:
        num_classes (int): Number of attributes (> 0)
        in_channels (int): Width of the input features (flattened)
        mid_channels (Sequence[int]): Widths of the hidden layers
        dropout_rate (float): Dropout after each hidden layer. Defaults to 0
        norm_cfg (dict, optional): Normalisation after each hidden layer.
            Defaults to None
        act_cfg (dict, optional): Activation after each hidden layer.
            Defaults to ``dict(type='ReLU')``
        **kwargs: ``MultiLabelClsHead``'s ``loss``, ``thr``, ``topk``,
            ``init_cfg``
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 mid_channels: Sequence[int],
                 dropout_rate: float = 0.,
                 norm_cfg: Optional[Dict] = None,
                 act_cfg: Optional[Dict] = dict(type='ReLU'),
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if num_classes <= 0:
            raise ValueError(
                f'num_classes={num_classes} must be a positive integer')
        self.num_classes = num_classes
        self.in_channels = in_channels
        self.layers = ModuleList()
        for hidden in mid_channels:
            self.layers.append(
                LinearBlock(in_channels, hidden, dropout_rate, norm_cfg,
                            act_cfg))
            in_channels = hidden
        self.layers.append(LinearBlock(in_channels, num_classes))

    def pre_logits(self, feats: Tuple[Tensor]) -> Tensor:
        """The last features through the hidden layers."""
        x = feats[-1]
        for layer in self.layers[:-1]:
            x = layer(x)
        return x

    def forward(self, feats: Tuple[Tensor]) -> Tensor:
        """Attribute logits (N, num_classes) of features (N, in_channels)."""
        return self.layers[-1](self.pre_logits(feats))
