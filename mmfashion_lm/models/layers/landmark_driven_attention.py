"""Liu & Lu's landmark-driven attention: the landmark branch's heatmaps,
merged, with the features through a small U-Net, reweigh the features."""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmpose.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class LandmarkUpsamplingBranch(nn.Module):
    """The landmark branch of Liu & Lu's multi-task model ("Deep Fashion
    Analysis with Feature Map Upsampling and Landmark-driven Attention",
    ECCV Workshops 2018): convolutions that reduce the features, then
    transposed convolutions (kernel 4, stride 2) each followed by a 3 x 3
    convolution, up to the input's resolution, and a 1 x 1 convolution to
    one heatmap per landmark (logits, no sigmoid). Liu & Lu: from conv4_3
    (512 channels, stride 8), 1 x 1 to 64, two 3 x 3 at 64, 3 x 3 to 128,
    upsampled to 64, 32, 16 channels at strides 4, 2, 1.

    Args:
        in_channels (int): Channels of the features
        num_landmarks (int): Heatmaps out. Defaults to 8
        reduce_channels (Sequence[int]): Output channels of the reducing
            convolutions, the first 1 x 1, the others 3 x 3. Defaults to
            ``(64, 64, 64, 128)``
        upsample_channels (Sequence[int]): Output channels of each
            upsampling step (each doubles the resolution). Defaults to
            ``(64, 32, 16)``
        norm_cfg (dict, optional): Normalisation after each convolution
            but the last. Defaults to None (ours: Liu & Lu's facts name
            none)
    """

    def __init__(self,
                 in_channels: int,
                 num_landmarks: int = 8,
                 reduce_channels: Sequence[int] = (64, 64, 64, 128),
                 upsample_channels: Sequence[int] = (64, 32, 16),
                 norm_cfg: Optional[dict] = None) -> None:
        super().__init__()
        layers = []
        for i, channels in enumerate(reduce_channels):
            kernel = 1 if i == 0 else 3
            layers.append(
                ConvModule(in_channels, channels, kernel,
                           padding=kernel // 2, norm_cfg=norm_cfg))
            in_channels = channels
        for channels in upsample_channels:
            layers += [
                ConvModule(in_channels, channels, 4, stride=2, padding=1,
                           conv_cfg=dict(type='deconv'), norm_cfg=norm_cfg),
                ConvModule(channels, channels, 3, padding=1,
                           norm_cfg=norm_cfg)
            ]
            in_channels = channels
        layers.append(nn.Conv2d(in_channels, num_landmarks, 1))
        self.layers = nn.Sequential(*layers)
        self.num_landmarks = num_landmarks
        self.upsample_factor = 2**len(upsample_channels)

    def forward(self, x: Tensor) -> Tensor:
        """Heatmap logits (B, K, H * f, W * f) of features (B, C, H, W),
        ``f`` the upsampling factor."""
        return self.layers(x)


class _AttentionUNet(nn.Module):
    """The attention's small U-Net: a 1 x 1 convolution in, ``levels``
    4 x 4 stride-2 convolutions down (channels doubling), as many
    transposed ones up, each joined to the same level's features by
    concatenation, and a 1 x 1 convolution out (no activation)."""

    def __init__(self, in_channels: int, out_channels: int,
                 base_channels: int, levels: int, norm_cfg: dict) -> None:
        super().__init__()
        self.inlet = ConvModule(in_channels, base_channels, 1,
                                norm_cfg=norm_cfg)
        widths = [base_channels * 2**i for i in range(levels + 1)]
        self.down = nn.ModuleList(
            ConvModule(widths[i], widths[i + 1], 4, stride=2, padding=1,
                       norm_cfg=norm_cfg) for i in range(levels))
        # up from level i + 1 to level i; the skip doubles the channels
        self.up = nn.ModuleList(
            ConvModule(widths[i + 1] * (1 if i == levels - 1 else 2),
                       widths[i], 4, stride=2, padding=1,
                       conv_cfg=dict(type='deconv'), norm_cfg=norm_cfg)
            for i in range(levels))
        self.outlet = nn.Conv2d(2 * base_channels, out_channels, 1)

    def forward(self, x: Tensor) -> Tensor:
        skips = [self.inlet(x)]
        for down in self.down:
            skips.append(down(skips[-1]))
        x = skips.pop()
        for up in reversed(self.up):
            skip = skips.pop()
            x = up(x)
            # odd sizes: the transposed convolution lands one pixel short
            if x.shape[-2:] != skip.shape[-2:]:
                x = F.interpolate(x, size=skip.shape[-2:], mode='bilinear',
                                  align_corners=False)
            x = torch.cat([x, skip], dim=1)
        return self.outlet(x)


@MODELS.register_module()
class LandmarkDrivenAttention(nn.Module):
    r"""Liu & Lu's landmark-driven attention as a backbone plugin
    (:class:`~mmfashion_lm.models.backbones.StagePlugins`; ECCV Workshops
    2018, the multi-task model of docs/methods/multitask.md).

    The landmark branch (:class:`LandmarkUpsamplingBranch`) predicts
    heatmaps :math:`H` from the features :math:`F`; their channel-wise
    maximum, resized to the features' resolution, joins :math:`F` (one more
    channel) in a small U-Net whose output, through tanh, is the attention
    :math:`A \in (-1, 1)`, one value per feature and position:

    .. math::

        F' = (1 + A) \odot F, \qquad
        A = \tanh(\mathrm{UNet}([F, \mathrm{resize}(\max_k H_k)])).

    The plugin returns :math:`F'` and, as its side output, the heatmaps
    (logits), which the model's landmark head trains and decodes: the
    backbone returns them after its stage outputs.

    Args:
        in_channels (int): Channels of the features (filled in by the
            backbone)
        branch (dict): Arguments of :class:`LandmarkUpsamplingBranch`
            (``num_landmarks``, ...). Defaults to ``{}`` (Liu & Lu's)
        unet_channels (int): Channels of the U-Net's first level. Defaults
            to 32
        unet_levels (int): Down / up levels of the U-Net (28 -> 14 -> 7 at
            conv4_3 of a 224 input). Defaults to 2
        norm_cfg (dict): Normalisation of the U-Net. Defaults to
            ``dict(type='BN')``
    """

    returns_side_output = True

    def __init__(self,
                 in_channels: int,
                 branch: dict = {},
                 unet_channels: int = 32,
                 unet_levels: int = 2,
                 norm_cfg: dict = dict(type='BN')) -> None:
        super().__init__()
        self.branch = LandmarkUpsamplingBranch(in_channels, **branch)
        self.unet = _AttentionUNet(in_channels + 1, in_channels,
                                   unet_channels, unet_levels, norm_cfg)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        """The attended features (B, C, H, W) and the heatmap logits
        (B, K, H * f, W * f) of features (B, C, H, W)."""
        heatmaps = self.branch(x)
        merged = heatmaps.amax(dim=1, keepdim=True)
        merged = F.interpolate(
            merged, size=x.shape[-2:], mode='bilinear', align_corners=False)
        attention = torch.tanh(self.unet(torch.cat([x, merged], dim=1)))
        return (1 + attention) * x, heatmaps
