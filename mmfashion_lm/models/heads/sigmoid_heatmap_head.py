from typing import Optional, Sequence, Tuple, Union

from mmpose.models.heads import HeatmapHead
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType
from torch import Tensor


@MODELS.register_module()
class SigmoidHeatmapHead(HeatmapHead):
    """mmpose's heatmap head whose output goes through a sigmoid: the 1 x 1
    conv + sigmoid that ends `LGR`_ (Yu et al., CVPR 2019), trained with an
    MSE loss on the heatmaps.

    The heatmaps lie in (0, 1), like the Gaussian targets; loss, decoding
    and flip test are :class:`~mmpose.models.heads.HeatmapHead`'s, on the
    sigmoid outputs. Here ``deconv_out_channels`` defaults to ``None`` (the
    paper's head, at the backbone's stride); configs that need a finer
    heatmap add deconv layers (each doubles the resolution).

    Args:
        in_channels (int | Sequence[int]): Number of channels in the input
            feature map
        out_channels (int): Number of landmarks (heatmap channels)
        deconv_out_channels (Sequence[int], optional): Output channels of
            the deconv layers. Defaults to ``None`` (no deconv layer)
        deconv_kernel_sizes (Sequence[int], optional): Kernel sizes of the
            deconv layers. Defaults to ``None``
        loss (Config): Config of the keypoint loss. Defaults to
            ``dict(type='KeypointMSELoss', use_target_weight=True)``
        **kwargs: Other arguments of :class:`mmpose.models.heads.HeatmapHead`

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: Union[int, Sequence[int]],
                 out_channels: int,
                 deconv_out_channels: Optional[Sequence[int]] = None,
                 deconv_kernel_sizes: Optional[Sequence[int]] = None,
                 loss: ConfigType = dict(
                     type='KeypointMSELoss', use_target_weight=True),
                 **kwargs):
        super().__init__(
            in_channels,
            out_channels,
            deconv_out_channels=deconv_out_channels,
            deconv_kernel_sizes=deconv_kernel_sizes,
            loss=loss,
            **kwargs)

    def forward(self, feats: Tuple[Tensor]) -> Tensor:
        """Heatmaps in (0, 1) from the last feature map.

        Args:
            feats (Tuple[Tensor]): Multi-scale feature maps

        Returns:
            Tensor: Heatmaps in shape (B, K, H, W)
        """
        return super().forward(feats).sigmoid()
