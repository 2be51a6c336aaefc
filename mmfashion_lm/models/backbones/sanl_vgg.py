from typing import Optional, Sequence, Tuple

from mmpose.models.backbones import VGG
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .non_local_stages import NonLocalStages


@MODELS.register_module()
class SANLVGG(VGG):
    """VGG with spatial-aware non-local blocks after its stages of stride 4,
    8, 16 and 32: the VGG-16 variant of `SANL`_ (Li et al., ICME 2019).

    mmpose's VGG ends every stage with its max pooling, so stage ``i`` has
    stride ``2 ** (i + 1)`` and stages 1 to 4 match the four strides of the
    ResNet variant and of its attention maps.

    Args:
        depth (int): Depth of the VGG, from {11, 13, 16, 19}. Defaults to 16
        non_local_stages (Sequence[int]): Stages followed by a block.
            Defaults to ``(1, 2, 3, 4)``
        non_local_cfg (Config, optional): Extra arguments of
            :class:`~mmfashion_lm.models.layers.SpatialAwareNonLocal2d`.
            Defaults to ``None``
        out_indices (Sequence[int]): Stages whose outputs are returned
            (stage ``i`` at stride ``2 ** (i + 1)``). Defaults to
            ``(1, 2, 3, 4)``, strides 4 to 32
        norm_cfg (Config, optional): Config of the norm layers after each
            conv; ``None`` for the plain VGG. Defaults to
            ``dict(type='BN')`` (VGG-16-BN)
        **kwargs: Other arguments of :class:`mmpose.models.backbones.VGG`
            (``num_stages``, ``frozen_stages``, ``norm_eval``, ``init_cfg``,
            ...)

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 depth: int = 16,
                 non_local_stages: Sequence[int] = (1, 2, 3, 4),
                 non_local_cfg: OptConfigType = None,
                 out_indices: Sequence[int] = (1, 2, 3, 4),
                 norm_cfg: OptConfigType = dict(type='BN'),
                 **kwargs):
        super().__init__(
            depth, out_indices=out_indices, norm_cfg=norm_cfg, **kwargs)
        stage_channels = [min(64 * 2**i, 512) for i in range(5)]
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
        layers = getattr(self, self.module_name)
        outs = []
        for i, (start, end) in enumerate(self.range_sub_modules):
            for j in range(start, end):
                x = layers[j](x)
            x = self.non_local(i, x, attention)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)
