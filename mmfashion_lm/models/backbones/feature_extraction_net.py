"""A backbone and its neck as one network: MetaCloth's FENet."""
from typing import Optional

from mmengine.model import BaseModule
from mmpose.registry import MODELS
from torch import Tensor, nn


@MODELS.register_module()
class FeatureExtractionNet(BaseModule):
    """MetaCloth's feature extraction network (FENet, section 3.4.1): a
    backbone and a neck whose last output is the cloth-level features
    ``F_cloth`` (e.g. mmpose's ``ResNet`` and
    :class:`~mmfashion_lm.models.necks.ConvDeconvNeck`: 512 channels at
    stride 8).

    Its parameters are named ``backbone.*`` and ``neck.*``, as in a
    top-down landmark model, so that ``init_cfg=dict(type='Pretrained',
    checkpoint=...)`` reads them from a trained landmark model's checkpoint
    (MetaCloth's base model M) and ignores its head.

    With ``norm_eval`` (the default) its BatchNorm layers stay in eval mode:
    the few-shot models adapt its weights on a handful of images, whose
    batch statistics would be noise; the statistics learnt by the base model
    are kept.

    Args:
        backbone (dict): Config of the backbone.
        neck (dict, optional): Config of the neck; without one, the
            backbone's last output are the features. Defaults to None
        norm_eval (bool): Keep BatchNorm in eval mode. Defaults to True
        init_cfg (dict, optional): Initialisation, e.g. from a checkpoint.
            Defaults to None
    """

    def __init__(self,
                 backbone: dict,
                 neck: Optional[dict] = None,
                 norm_eval: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck else None
        self.norm_eval = norm_eval
        self.train()  # modules are built in training mode

    def forward(self, inputs: Tensor) -> Tensor:
        """``F_cloth`` (B, C, h, w) of images (B, 3, H, W)."""
        features = self.backbone(inputs)
        return (self.neck(features) if self.neck else features)[-1]

    def train(self, mode: bool = True) -> 'FeatureExtractionNet':
        super().train(mode)
        if mode and self.norm_eval:
            for module in self.modules():
                if isinstance(module, nn.modules.batchnorm._BatchNorm):
                    module.eval()
        return self
