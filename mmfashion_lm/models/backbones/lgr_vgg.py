from typing import Tuple

from mmcv.cnn import ConvModule
from mmpose.models.backbones import VGG
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .lgr_injection import LGRInjectionMixin


@MODELS.register_module()
class LGRVGG(LGRInjectionMixin, VGG):
    """VGG with stacked layout-graph reasoning layers injected in front of
    one of its conv blocks, the network of `LGR`_ (Yu et al., CVPR 2019).

    The paper runs VGG-16 and its 4 stacked LGR layers before conv block 5
    (``lgr_before_stage=4``); its ablation injects them before block 1, 3
    or 5 (``0``, ``2``, ``4``). Before a block ``k >= 1`` the module sees
    the output of block ``k - 1`` after its max pooling (stride
    ``2 ** k``). Before block 1 there are no features yet, so index ``0``
    applies the module after the first conv layer (conv + activation) of
    block 1: the earliest learned features, 64 channels at stride 1.

    The stage layout is mmpose's :class:`~mmpose.models.backbones.VGG`
    (every block ends with its max pooling), so VGG-16 weights load as they
    are. The landmark configs use ``out_indices=(4, )`` and
    ``with_last_pool=False`` (the defaults here): block 5 runs after pool4,
    so the output has stride 16, 14 x 14 on the paper's 224 x 224 crops;
    ``with_last_pool=True`` gives stride 32. A finer heatmap comes from the
    head's deconv layers (e.g. :class:`~mmfashion_lm.models.heads.
    SigmoidHeatmapHead` with two of them: stride 4).

    Args:
        depth (int): Depth of the VGG, from {11, 13, 16, 19}. Defaults to 16
        lgr (Config, optional): Config of the injected module, e.g.
            ``dict(type='LGRStack', layout_graph=...)``; its ``in_channels``
            is filled in from the injection point unless given. ``None``
            gives the plain VGG. Defaults to ``None``
        lgr_before_stage (int): 0-based index of the conv block the module
            runs before, in ``[0, num_stages - 1]``. Defaults to 4
        out_indices (Sequence[int]): Output from which blocks.
            Defaults to ``(4, )``
        with_last_pool (bool): Whether to keep the max pooling of the last
            block. Defaults to ``False``
        **kwargs: Other arguments of :class:`mmpose.models.backbones.VGG`

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 depth: int = 16,
                 lgr: OptConfigType = None,
                 lgr_before_stage: int = 4,
                 out_indices: Tuple[int, ...] = (4, ),
                 with_last_pool: bool = False,
                 **kwargs):
        super().__init__(
            depth,
            out_indices=out_indices,
            with_last_pool=with_last_pool,
            **kwargs)
        layers = getattr(self, self.module_name)

        def last_conv_channels(start: int, end: int) -> int:
            return [
                m.out_channels for m in layers[start:end]
                if isinstance(m, ConvModule)
            ][-1]

        # channels at every stage's injection point: after the first conv of
        # block 1, then the output of the previous block
        stage_in_channels = [layers[0].out_channels] + [
            last_conv_channels(*self.range_sub_modules[i])
            for i in range(len(self.stage_blocks) - 1)
        ]
        self._init_lgr(lgr, lgr_before_stage, stage_in_channels)
        # index in ``self.features`` of the layer the module runs before
        start = self.range_sub_modules[self.lgr_before_stage][0]
        self._lgr_layer = start + 1 if self.lgr_before_stage == 0 else start

    def forward(self, x: Tensor) -> Tuple[Tensor, ...]:
        """Forward the backbone.

        Args:
            x (Tensor): Images in shape (B, 3, H, W)

        Returns:
            tuple[Tensor]: The outputs of the blocks in ``out_indices`` (and
            the classification scores when ``num_classes > 0``)
        """
        layers = getattr(self, self.module_name)
        outs = []
        for i, (start, end) in enumerate(self.range_sub_modules):
            for j in range(start, end):
                if j == self._lgr_layer:
                    x = self._inject(i, x)
                x = layers[j](x)
            if i in self.out_indices:
                outs.append(x)
        if self.num_classes > 0:
            outs.append(self.classifier(x.view(x.size(0), -1)))
        return tuple(outs)
