from typing import Sequence

import torch
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn


@MODELS.register_module()
class ASPP(BaseModule):
    """Atrous Spatial Pyramid Pooling from `DeepLab v3`_ by Chen et al.
    (2017).

    Parallel branches look at the same features with growing receptive
    fields: a 1x1 conv for dilation 1, a 3x3 conv with that dilation for
    every other dilation, and (optionally) an image-level branch, global
    average pooling + 1x1 conv, broadcast back to the input size. Each branch
    gives ``out_channels`` maps; their concatenation is projected back to
    ``out_channels`` by a 1x1 conv. Every conv is followed by the norm and the
    activation layers. The spatial size is kept.

    Note:
        The image-level branch normalises (B, C, 1, 1) maps, so with a BN
        ``norm_cfg`` a training batch needs more than one sample, as in
        DeepLab v3.

    Args:
        in_channels (int): Number of channels in the input feature map
        out_channels (int): Number of channels of each branch and of the
            output
        dilations (Sequence[int]): Dilation of each conv branch; 1 gives a
            1x1 conv, any other value a 3x3 conv. Defaults to
            ``(1, 6, 12, 18)``
        with_image_pool (bool): Whether to add the image-level (global
            average pooling) branch. Defaults to ``True``
        norm_cfg (Config, optional): Config of the norm layers. Defaults to
            ``dict(type='BN')``
        act_cfg (Config, optional): Config of the activation layers.
            Defaults to ``dict(type='ReLU')``
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None`` (ConvModule's Kaiming init)

    .. _`DeepLab v3`: https://arxiv.org/abs/1706.05587
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 dilations: Sequence[int] = (1, 6, 12, 18),
                 with_image_pool: bool = True,
                 norm_cfg: OptConfigType = dict(type='BN'),
                 act_cfg: OptConfigType = dict(type='ReLU'),
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        self.dilations = tuple(dilations)
        self.with_image_pool = with_image_pool

        def conv(in_ch: int, kernel_size: int = 1,
                 dilation: int = 1) -> ConvModule:
            return ConvModule(
                in_ch,
                out_channels,
                kernel_size,
                padding=dilation * (kernel_size // 2),
                dilation=dilation,
                norm_cfg=norm_cfg,
                act_cfg=act_cfg)

        self.branches = nn.ModuleList(
            conv(in_channels, 1 if d == 1 else 3, d) for d in self.dilations)
        self.image_pool = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            conv(in_channels)) if with_image_pool else None
        num_branches = len(self.dilations) + int(with_image_pool)
        self.project = conv(num_branches * out_channels)

    def forward(self, x: Tensor) -> Tensor:
        """Forward the module.

        Args:
            x (Tensor): Features in shape (B, in_channels, H, W)

        Returns:
            Tensor: Features in shape (B, out_channels, H, W)
        """
        outs = [branch(x) for branch in self.branches]
        if self.image_pool is not None:
            # a 1x1 map upsampled (bilinearly or not) is a constant map
            outs.append(self.image_pool(x).expand(-1, -1, *x.shape[-2:]))
        return self.project(torch.cat(outs, dim=1))
