from typing import Optional, Sequence, Tuple

from mmcv.cnn import ConvModule
from mmpose.models.backbones import VGG
from mmpose.registry import MODELS
from torch import Tensor

from .stage_plugins import StagePlugins


@MODELS.register_module()
class PluginVGG(VGG):
    """mmpose's VGG with plugins: modules put before or after its conv
    blocks by config (the idea of mmdet's ResNet ``plugins``, at stage
    level).

    Stage ``i`` is conv block ``i + 1`` with its max pooling (mmpose's
    layout, so VGG weights load as they are): after stage ``i`` the
    features have stride ``2 ** (i + 1)``, or ``2 ** i`` after the last
    stage with ``with_last_pool=False``. Before stage ``i >= 1`` they are
    the previous stage's output. Before stage 0 there are no features yet,
    only the image, so a plugin there runs after the first conv layer (conv
    + norm + activation) of block 1: the earliest learned features, 64
    channels at stride 1 (LGR's "before block 1" ablation). Examples: LGR's
    layout-graph reasoning layers before stage 4 (``lgr_vgg16*`` configs),
    SANL's non-local blocks after stages 1-4 (``sanl-fpn_vgg16*``).
    Without plugins this is mmpose's VGG.

    Args:
        depth (int): Depth of the VGG, from {11, 13, 16, 19}
        plugins (Sequence[dict]): ``dict(cfg=..., stage=i,
            position='before' | 'after')`` per plugin, see
            :class:`~mmfashion_lm.models.backbones.StagePlugins`. Defaults
            to ``()``
        **kwargs: Other arguments of :class:`mmpose.models.backbones.VGG`
            (``out_indices`` defaults to ``(4, )`` there,
            ``with_last_pool`` to ``True``, ``norm_cfg`` to ``None``)
    """

    def __init__(self, depth: int, plugins: Sequence[dict] = (), **kwargs):
        super().__init__(depth, **kwargs)
        layers = getattr(self, self.module_name)
        out_channels = [[
            m.out_channels for m in layers[start:end]
            if isinstance(m, ConvModule)
        ][-1] for start, end in self.range_sub_modules]
        self.plugins = StagePlugins(plugins,
                                    [layers[0].out_channels] +
                                    out_channels[:-1], out_channels,
                                    type(self).__name__)

    def forward(self,
                x: Tensor,
                side_input: Optional[Sequence[Tensor]] = None
                ) -> Tuple[Tensor, ...]:
        """Forward the backbone.

        Args:
            x (Tensor): Images in shape (B, 3, H, W)
            side_input (Sequence[Tensor], optional): One entry per plugin
                that takes a side input. Defaults to ``None``

        Returns:
            tuple[Tensor]: The outputs of the stages in ``out_indices`` (and
            the classification scores when ``num_classes > 0``)
        """
        layers = getattr(self, self.module_name)
        outs = []
        for i, (start, end) in enumerate(self.range_sub_modules):
            # before block 1: after its first conv (no features before it)
            first = start + 1 if i == 0 else start
            for j in range(start, first):
                x = layers[j](x)
            x = self.plugins(i, 'before', x, side_input)
            for j in range(first, end):
                x = layers[j](x)
            x = self.plugins(i, 'after', x, side_input)
            if i in self.out_indices:
                outs.append(x)
        if self.num_classes > 0:
            outs.append(self.classifier(x.view(x.size(0), -1)))
        return tuple(outs)
