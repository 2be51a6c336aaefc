from typing import Sequence

import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn


@MODELS.register_module()
class PyramidFeatureModule(BaseModule):
    """Pyramid feature module, the multi-scale post-processing between the
    stacked layers of `LGR`_ by Yu et al. (CVPR 2019).

    The paper names the module without defining it; this one is a residual
    pyramid in the spirit of `PRM`_ by Yang et al. (ICCV 2017): the features
    are average-pooled to every scale (scale 1 is not pooled), each scale
    goes through its own 3x3 conv-norm-act, is upsampled bilinearly back to
    the input size, and the branches are summed and added to the input:

    .. code-block:: none

        out = x + sum_s up(ConvModule_s(avgpool_s(x)))

    A pooled size is ``max(1, round(size * scale))`` per side (adaptive
    average pooling), so any input size works. Input and output shapes are
    the same.

    Args:
        in_channels (int): Number of channels of the input and of the output
        scales (Sequence[float]): The pyramid scales, each in (0, 1].
            Defaults to ``(1., 0.5, 0.25)``
        norm_cfg (Config, optional): Config of the norm layers. Defaults to
            ``dict(type='BN')``
        act_cfg (Config, optional): Config of the activation layers.
            Defaults to ``dict(type='ReLU')``
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None`` (ConvModule's Kaiming init)

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    .. _`PRM`: https://arxiv.org/abs/1708.01101
    """

    def __init__(self,
                 in_channels: int,
                 scales: Sequence[float] = (1., 0.5, 0.25),
                 norm_cfg: OptConfigType = dict(type='BN'),
                 act_cfg: OptConfigType = dict(type='ReLU'),
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        if not scales or any(not 0 < s <= 1 for s in scales):
            raise ValueError(f'scales should be in (0, 1], got {scales}')
        self.in_channels = in_channels
        self.scales = tuple(float(s) for s in scales)
        self.branches = nn.ModuleList(
            ConvModule(
                in_channels,
                in_channels,
                3,
                padding=1,
                norm_cfg=norm_cfg,
                act_cfg=act_cfg) for _ in self.scales)

    def forward(self, x: Tensor) -> Tensor:
        """Forward the module.

        Args:
            x (Tensor): Features in shape (B, C, H, W)

        Returns:
            Tensor: The output features in shape (B, C, H, W)
        """
        # plain ints, also when traced (e.g. by FLOP counters), where the
        # shape holds tensors
        size = tuple(int(s) for s in x.shape[-2:])
        out = x
        for scale, branch in zip(self.scales, self.branches):
            if scale == 1:
                out = out + branch(x)
                continue
            pooled_size = tuple(max(1, round(s * scale)) for s in size)
            y = branch(F.adaptive_avg_pool2d(x, pooled_size))
            out = out + F.interpolate(
                y, size=size, mode='bilinear', align_corners=False)
        return out
