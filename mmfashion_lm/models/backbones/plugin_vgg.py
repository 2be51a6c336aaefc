from typing import Optional, Sequence, Tuple

from mmcv.cnn import ConvModule
from mmpose.models.backbones import VGG
from mmpose.registry import MODELS
from torch import Tensor, nn

from .stage_plugins import StagePlugins

# 'before_pool': after a block's convolutions, before its max pooling (at
# the end of a block without one), e.g. Liu & Lu's attention at conv4_3
POSITIONS = ('before', 'before_pool', 'after')


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
    channels at stride 1 (LGR's "before block 1" ablation). A plugin
    ``'before_pool'`` of stage ``i`` sees the block's convolved features
    before its max pooling (stride ``2 ** i``). Examples: LGR's
    layout-graph reasoning layers before stage 4 (``lgr_vgg16*`` configs),
    SANL's non-local blocks after stages 1-4 (``sanl-fpn_vgg16*``), Liu &
    Lu's landmark-driven attention at conv4_3, before pool4 of stage 3
    (``configs/multitask/``). Without plugins this is mmpose's VGG.

    Args:
        depth (int): Depth of the VGG, from {11, 13, 16, 19}
        plugins (Sequence[dict]): ``dict(cfg=..., stage=i,
            position='before' | 'before_pool' | 'after')`` per plugin, see
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
        self.plugins = StagePlugins(
            plugins, [layers[0].out_channels] + out_channels[:-1],
            out_channels, type(self).__name__, POSITIONS)

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
            the classification scores when ``num_classes > 0``), then the
            plugins' side outputs in walk order
        """
        layers = getattr(self, self.module_name)
        outs, side_outputs = [], []
        for i, (start, end) in enumerate(self.range_sub_modules):
            # before block 1: after its first conv (no features before it)
            first = start + 1 if i == 0 else start
            for j in range(start, first):
                x = layers[j](x)
            x = self.plugins(i, 'before', x, side_input, side_outputs)
            for j in range(first, end):
                if isinstance(layers[j], nn.MaxPool2d):
                    x = self.plugins(i, 'before_pool', x, side_input,
                                     side_outputs)
                x = layers[j](x)
            if not isinstance(layers[end - 1], nn.MaxPool2d):
                x = self.plugins(i, 'before_pool', x, side_input,
                                 side_outputs)
            x = self.plugins(i, 'after', x, side_input, side_outputs)
            if i in self.out_indices:
                outs.append(x)
        if self.num_classes > 0:
            outs.append(self.classifier(x.view(x.size(0), -1)))
        return tuple(outs) + tuple(side_outputs)
