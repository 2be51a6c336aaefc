from typing import Optional, Sequence

import torch
from mmengine.model import BaseModule, ModuleList
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from ...structures import LayoutGraph
from .layout_graph_reasoning import LayoutGraphCfg, LayoutGraphReasoning
from .pyramid_feature_module import PyramidFeatureModule


@MODELS.register_module()
class LGRStack(BaseModule):
    """Stacked Layout-Graph Reasoning layers of `LGR`_ by Yu et al. (CVPR
    2019), the module between the backbone features and the final 1x1 conv.

    .. code-block:: none

        x_1 = LGR_1(x)
        x_k = LGR_k(PFM_{k-1}(x_{k-1})),  k = 2 .. num_stacks
        out = x_{num_stacks}

    Each :class:`LayoutGraphReasoning` layer adds its node-enhanced features
    to its input (the residual addition) and each
    :class:`PyramidFeatureModule` between two layers adds its multi-scale
    branches to its input (the pyramid feature post-processing). Input and
    output have the same shape.

    The penalty that keeps every clustering matrix ``W_p`` close to
    ``W_p^T W_p = I`` (Sec. 3.3.2) is each layer's extra loss
    (:meth:`LayoutGraphReasoning.extra_losses`), weighted by the
    ``orthogonality_weight`` given to every layer; the estimator sums the
    layers' ``loss_orth`` into one, ``orthogonality_weight *
    orthogonality_loss()``, and adds it to the head's losses.

    Args:
        in_channels (int): Number of channels ``C`` of the features
        layout_graph (dict | LayoutGraph): The layout graph, anything that
            :meth:`LayoutGraph.from_cfg` accepts
        num_stacks (int): Number of LGR layers. Defaults to ``4``
        node_channels (int): Number of channels of the node features.
            Defaults to ``128``
        num_levels (int, optional): Number of clustering levels of every LGR
            layer; ``None`` means all of the graph's. Defaults to ``None``
        hidden_channels (int, optional): Channels of the hidden layer of the
            Node-to-Map scores; ``None`` means ``node_channels``. Defaults to
            ``None``
        pyramid_scales (Sequence[float]): Scales of the pyramid feature
            modules. Defaults to ``(1., 0.5, 0.25)``
        norm_cfg (Config, optional): Config of the norm layers of the pyramid
            feature modules. Defaults to ``dict(type='BN')``
        orthogonality_weight (float): Weight of every layer's
            orthogonality penalty, >= 0; 0 leaves it out (the paper-size
            configs use 1). Defaults to ``0.``
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None``

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 layout_graph: LayoutGraphCfg,
                 num_stacks: int = 4,
                 node_channels: int = 128,
                 num_levels: Optional[int] = None,
                 hidden_channels: Optional[int] = None,
                 pyramid_scales: Sequence[float] = (1., 0.5, 0.25),
                 norm_cfg: OptConfigType = dict(type='BN'),
                 orthogonality_weight: float = 0.,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        if num_stacks < 1:
            raise ValueError(f'num_stacks should be >= 1, got {num_stacks}')
        graph = LayoutGraph.from_cfg(layout_graph)
        # the full graph, which LGRPoseEstimator checks against the landmarks
        self.graph = graph
        self.in_channels = in_channels
        self.num_stacks = num_stacks
        self.layers = ModuleList(
            LayoutGraphReasoning(
                in_channels,
                graph,
                node_channels=node_channels,
                num_levels=num_levels,
                hidden_channels=hidden_channels,
                orthogonality_weight=orthogonality_weight)
            for _ in range(num_stacks))
        self.orthogonality_weight = self.layers[0].orthogonality_weight
        self.pyramids = ModuleList(
            PyramidFeatureModule(
                in_channels, scales=pyramid_scales, norm_cfg=norm_cfg)
            for _ in range(num_stacks - 1))

    def forward(self, x: Tensor) -> Tensor:
        """Forward the stack.

        Args:
            x (Tensor): Features in shape (B, C, H, W)

        Returns:
            Tensor: The output features in shape (B, C, H, W)
        """
        x = self.layers[0](x)
        for pyramid, layer in zip(self.pyramids, self.layers[1:]):
            x = layer(pyramid(x))
        return x

    def orthogonality_loss(self) -> Tensor:
        """Sum over the LGR layers of their clustering orthogonality
        penalties ``||W_p^T W_p - I||_F^2``, unweighted."""
        return torch.stack(
            [layer.orthogonality_loss() for layer in self.layers]).sum()
