from typing import Optional, Sequence

from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn


class NonLocalStages(nn.Module):
    """(Spatial-aware) non-local blocks placed after chosen backbone stages.

    Shared by the SANL backbones: the ``i``-th block (in stage order) takes
    the ``i``-th attention map, so the maps of a
    :class:`~mmfashion_lm.models.layers.GradCAMAttention` (one per stride)
    line up with the blocks after the stages of those strides.

    Args:
        stage_channels (Sequence[int]): Output channels of every stage
        stages (Sequence[int]): Indices of the stages followed by a block
        block_cfg (Config, optional): Extra arguments of
            :class:`~mmfashion_lm.models.layers.SpatialAwareNonLocal2d`.
            Defaults to ``None``
    """

    def __init__(self,
                 stage_channels: Sequence[int],
                 stages: Sequence[int],
                 block_cfg: OptConfigType = None):
        super().__init__()
        self.stages = tuple(stages)
        self.blocks = nn.ModuleDict({
            str(stage): MODELS.build(
                dict(
                    type='SpatialAwareNonLocal2d',
                    in_channels=stage_channels[stage],
                    **(block_cfg or {})))
            for stage in self.stages
        })

    def forward(self,
                stage: int,
                x: Tensor,
                attention: Optional[Sequence[Tensor]] = None) -> Tensor:
        """Apply the block after ``stage``, if there is one.

        Args:
            stage (int): Index of the stage that produced ``x``
            x (Tensor): The stage output
            attention (Sequence[Tensor], optional): One map per block; ``None``
                makes the blocks plain non-local blocks. Defaults to ``None``

        Returns:
            Tensor: ``x`` refined by the block, or ``x`` itself
        """
        if stage not in self.stages:
            return x
        if attention is not None and len(attention) != len(self.stages):
            raise ValueError(f'got {len(attention)} attention maps for '
                             f'{len(self.stages)} non-local blocks')
        block_attention = None if attention is None \
            else attention[self.stages.index(stage)]
        return self.blocks[str(stage)](x, block_attention)
