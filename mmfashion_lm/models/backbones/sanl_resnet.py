from typing import Optional, Sequence, Tuple

from mmpose.models.backbones import ResNet
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .non_local_stages import NonLocalStages
from .resnet_stages import resnet_forward


@MODELS.register_module()
class SANLResNet(ResNet):
    """ResNet with a spatial-aware non-local block after the last residual
    block of chosen stages, the CoarseNet backbone of `SANL`_ by Li et al.
    (ICME 2019): after conv2_3, conv3_4, conv4_23 and conv5_3 for ResNet-101.

    Without attention maps the blocks are plain non-local blocks (the paper's
    NL ablation); with ``non_local_stages=()`` this is mmpose's ResNet (Base).

    Args:
        depth (int): Depth of the ResNet, from {18, 34, 50, 101, 152}
        non_local_stages (Sequence[int]): Stages followed by a block.
            Defaults to ``(0, 1, 2, 3)``
        non_local_cfg (Config, optional): Extra arguments of
            :class:`~mmfashion_lm.models.layers.SpatialAwareNonLocal2d`, e.g.
            ``dict(mode='literal')``. Defaults to ``None``
        out_indices (Sequence[int]): Stages whose outputs are returned
            (strides 4, 8, 16, 32 for 0..3). Defaults to ``(0, 1, 2, 3)``,
            all four, which the FPN needs (mmpose's ResNet returns only the
            last)
        **kwargs: Other arguments of :class:`mmpose.models.backbones.ResNet`
            (``in_channels``, ``frozen_stages``, ``norm_cfg``, ``norm_eval``,
            ``init_cfg``, ...)

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 depth: int,
                 non_local_stages: Sequence[int] = (0, 1, 2, 3),
                 non_local_cfg: OptConfigType = None,
                 out_indices: Sequence[int] = (0, 1, 2, 3),
                 **kwargs):
        super().__init__(depth, out_indices=out_indices, **kwargs)
        stage_channels = [
            getattr(self, name)[-1].out_channels for name in self.res_layers
        ]
        self.non_local = NonLocalStages(stage_channels, non_local_stages,
                                        non_local_cfg)

    def forward(self,
                x: Tensor,
                attention: Optional[Sequence[Tensor]] = None
                ) -> Tuple[Tensor, ...]:
        """Forward the backbone.

        Args:
            x (Tensor): Images in shape (B, 3, H, W)
            attention (Sequence[Tensor], optional): One spatial attention map
                (B, 1, h, w) per non-local block. Defaults to ``None``

        Returns:
            tuple[Tensor]: The outputs of the stages in ``out_indices``
        """
        return resnet_forward(
            self, x,
            lambda i, layer, x: self.non_local(i, layer(x), attention))
