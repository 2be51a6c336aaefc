import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import constant_init
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn

from ..utils import OwnInitModule


@MODELS.register_module()
class FineNet(OwnInitModule):
    """The refinement unit of the coarse-to-fine heatmaps of `SANL`_ by Li et
    al. (ICME 2019).

    A small bottom-up top-down (hourglass-like) network reads the coarse
    heatmap logits (trained against large-sigma targets) and returns the
    residual that turns them into the fine ones (small sigma):
    ``fine = coarse + FineNet(coarse)``. A 3x3 conv embeds the K maps into
    ``mid_channels``; ``num_levels - 1`` stride-2 3x3 convs go down; on the
    way up each coarser map is upsampled bilinearly, ADDED to the map of the
    same level and smoothed by a 3x3 conv; a 1x1 conv maps back to K
    channels. That last conv is zero at initialisation, so training starts
    from ``fine = coarse``.

    Args:
        channels (int): Number of heatmaps K (landmarks), in and out
        mid_channels (int): Number of channels of the inner maps. Defaults
            to 64
        num_levels (int): Number of scales, the input's included; the
            coarsest is at stride ``2 ** (num_levels - 1)``. Defaults to 3
        norm_cfg (Config, optional): Config of the norm layers. Defaults to
            ``dict(type='BN')``
        act_cfg (Config, optional): Config of the activation layers.
            Defaults to ``dict(type='ReLU')``
        init_cfg (Config, optional): Config to control the initialization.
            ``None`` keeps the zero start of the last conv through a
            parent's initialisation (:class:`~mmfashion_lm.models.utils.
            OwnInitModule`); a config replaces it. Defaults to ``None``

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 channels: int,
                 mid_channels: int = 64,
                 num_levels: int = 3,
                 norm_cfg: OptConfigType = dict(type='BN'),
                 act_cfg: OptConfigType = dict(type='ReLU'),
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        if num_levels < 1:
            raise ValueError(f'num_levels should be >= 1, got {num_levels}')
        self.channels = channels
        self.num_levels = num_levels

        def conv(in_channels: int, stride: int = 1) -> ConvModule:
            return ConvModule(
                in_channels,
                mid_channels,
                kernel_size=3,
                stride=stride,
                padding=1,
                norm_cfg=norm_cfg,
                act_cfg=act_cfg)

        self.stem = conv(channels)
        self.downsamples = nn.ModuleList(
            conv(mid_channels, stride=2) for _ in range(num_levels - 1))
        # fusions[i] merges at level num_levels - 2 - i: coarsest first
        self.fusions = nn.ModuleList(
            conv(mid_channels) for _ in range(num_levels - 1))
        self.final_layer = nn.Conv2d(mid_channels, channels, kernel_size=1)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Zero the last conv so that the residual is zero."""
        constant_init(self.final_layer, 0)

    def forward(self, coarse: Tensor) -> Tensor:
        """Forward the unit.

        Args:
            coarse (Tensor): Coarse heatmap logits in shape (B, K, H, W)

        Returns:
            Tensor: The residual to add to ``coarse`` for the fine heatmap
            logits, in shape (B, K, H, W)
        """
        feats = [self.stem(coarse)]
        for downsample in self.downsamples:
            feats.append(downsample(feats[-1]))

        out = feats.pop()
        for fusion in self.fusions:
            skip = feats.pop()
            # size= rather than scale_factor=2: odd sizes round down going
            # down, so the way up must land on the skip's exact size
            out = fusion(skip + F.interpolate(
                out, size=skip.shape[-2:], mode='bilinear',
                align_corners=False))
        return self.final_layer(out)
