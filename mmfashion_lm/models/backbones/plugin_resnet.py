from typing import Optional, Sequence, Tuple

from mmpose.models.backbones import ResNet
from mmpose.registry import MODELS
from torch import Tensor

from .stage_plugins import StagePlugins


@MODELS.register_module()
class PluginResNet(ResNet):
    """mmpose's ResNet with plugins: modules put before or after its res
    layers by config (the idea of mmdet's ResNet ``plugins``, at stage
    level).

    Stage ``i`` is res layer ``i + 1``. Before stage 0 the features are the
    stem's output (conv, norm, activation and max pooling: ``stem_channels``
    at stride 4); after stage ``i`` they have stride ``2 ** (i + 2)``.
    Examples: SANL's spatial-aware non-local block after every stage
    (``sanl-fpn_*`` configs), LGR's stacked layout-graph reasoning layers
    before stage 3 (``lgr_res*`` configs). Without plugins this is
    mmpose's ResNet, weights and outputs alike.

    Args:
        depth (int): Depth of the ResNet, from {18, 34, 50, 101, 152}
        plugins (Sequence[dict]): ``dict(cfg=..., stage=i,
            position='before' | 'after')`` per plugin, see
            :class:`~mmfashion_lm.models.backbones.StagePlugins` (side
            inputs, channel filling). Defaults to ``()``
        **kwargs: Other arguments of :class:`mmpose.models.backbones.ResNet`
            (``out_indices`` defaults to ``(3, )`` there; an FPN neck needs
            ``(0, 1, 2, 3)``)
    """

    def __init__(self, depth: int, plugins: Sequence[dict] = (), **kwargs):
        super().__init__(depth, **kwargs)
        out_channels = [
            getattr(self, name)[-1].out_channels for name in self.res_layers
        ]
        self.plugins = StagePlugins(plugins,
                                    [self.stem_channels] + out_channels[:-1],
                                    out_channels, type(self).__name__)

    def forward(self,
                x: Tensor,
                side_input: Optional[Sequence[Tensor]] = None
                ) -> Tuple[Tensor, ...]:
        """Forward the backbone.

        Args:
            x (Tensor): Images in shape (B, 3, H, W)
            side_input (Sequence[Tensor], optional): One entry per plugin
                that takes a side input (e.g. SANL's attention maps).
                Defaults to ``None``

        Returns:
            tuple[Tensor]: The outputs of the stages in ``out_indices``,
            then the plugins' side outputs in walk order (none without a
            plugin that returns one)
        """
        if self.deep_stem:
            x = self.stem(x)
        else:
            x = self.relu(self.norm1(self.conv1(x)))
        x = self.maxpool(x)
        outs, side_outputs = [], []
        for i, layer_name in enumerate(self.res_layers):
            x = self.plugins(i, 'before', x, side_input, side_outputs)
            x = getattr(self, layer_name)(x)
            x = self.plugins(i, 'after', x, side_input, side_outputs)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs) + tuple(side_outputs)
