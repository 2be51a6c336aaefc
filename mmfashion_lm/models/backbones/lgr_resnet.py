from typing import Tuple

from mmpose.models.backbones import ResNet
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .lgr_injection import LGRInjectionMixin
from .resnet_stages import resnet_forward


@MODELS.register_module()
class LGRResNet(LGRInjectionMixin, ResNet):
    """ResNet with stacked layout-graph reasoning layers injected in front of
    one of its residual layers: the `LGR`_ network (Yu et al., CVPR 2019) on
    a ResNet instead of the paper's VGG-16.

    Index ``k`` runs the module before res layer ``k + 1``: ``0`` after the
    stem (conv, norm, activation and max pooling: ``stem_channels`` at
    stride 4), ``k >= 1`` on the output of res layer ``k`` (stride
    ``2 ** (k + 2)``). The default ``3`` matches the paper's choice for
    VGG-16, before the last block.

    Args:
        depth (int): Depth of the ResNet, from {18, 34, 50, 101, 152}
        lgr (Config, optional): Config of the injected module, e.g.
            ``dict(type='LGRStack', layout_graph=...)``; its ``in_channels``
            is filled in from the injection point unless given. ``None``
            gives the plain ResNet. Defaults to ``None``
        lgr_before_stage (int): 0-based index of the res layer the module
            runs before, in ``[0, num_stages - 1]``. Defaults to 3
        **kwargs: Other arguments of :class:`mmpose.models.backbones.ResNet`
            (``out_indices`` defaults to ``(3, )`` there)

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 depth: int,
                 lgr: OptConfigType = None,
                 lgr_before_stage: int = 3,
                 **kwargs):
        super().__init__(depth, **kwargs)
        stage_in_channels = [self.stem_channels] + [
            getattr(self, name)[-1].out_channels
            for name in self.res_layers[:-1]
        ]
        self._init_lgr(lgr, lgr_before_stage, stage_in_channels)

    def forward(self, x: Tensor) -> Tuple[Tensor, ...]:
        """Forward the backbone.

        Args:
            x (Tensor): Images in shape (B, 3, H, W)

        Returns:
            tuple[Tensor]: The outputs of the res layers in ``out_indices``
        """
        return resnet_forward(self, x,
                              lambda i, layer, x: layer(self._inject(i, x)))
