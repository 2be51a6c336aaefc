from typing import Optional

from mmengine.model import BaseModule
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .map_to_node import MapToNode
from .node_to_map import NodeToMap


class NodeReasoning(BaseModule):
    """The frame shared by the graph layers of `LGR`_ (Yu et al., CVPR
    2019): the features are mapped onto one node per landmark, the nodes are
    reasoned over, and the result is mapped back and added to the features.

    .. code-block:: none

        out = F + NodeToMap(F, reason(MapToNode(F)))

    Subclasses implement :meth:`reason`: the layout-graph reasoning of
    :class:`~mmfashion_lm.models.layers.LayoutGraphReasoning`, the plain
    graph convolutions of :class:`~mmfashion_lm.models.layers.GCNStack`.

    Args:
        in_channels (int): Number of channels ``C`` of the features
        num_nodes (int): Number of leaf nodes (landmarks)
        node_channels (int): Number of channels ``d`` of the node features
        hidden_channels (int, optional): Channels of the hidden layer of the
            Node-to-Map scores; ``None`` means ``node_channels``
        init_cfg (Config, optional): Config to control the initialization

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 num_nodes: int,
                 node_channels: int,
                 hidden_channels: Optional[int] = None,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        self.in_channels = in_channels
        self.node_channels = node_channels
        self.map_to_node = MapToNode(in_channels, num_nodes, node_channels)
        self.node_to_map = NodeToMap(in_channels, node_channels,
                                     hidden_channels)

    def reason(self, leaves: Tensor) -> Tensor:
        """Reason over the leaf node features (B, N, d) -> (B, N, d)."""
        raise NotImplementedError

    def forward(self, x: Tensor) -> Tensor:
        """Forward the layer.

        Args:
            x (Tensor): Features ``F`` in shape (B, C, H, W)

        Returns:
            Tensor: ``F`` plus the node-enhanced features, (B, C, H, W)
        """
        leaves = self.reason(self.map_to_node(x))
        return x + self.node_to_map(x, leaves)
