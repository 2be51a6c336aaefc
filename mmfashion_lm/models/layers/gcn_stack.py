from typing import Optional

from mmengine.model import ModuleList
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from ...structures import LayoutGraph
from .graph_convolution import GraphConvolution
from .layout_graph_reasoning import FeatureGraphLayer, LayoutGraphCfg


@MODELS.register_module()
class GCNStack(FeatureGraphLayer):
    """The plain-GCN ablation of `LGR`_ by Yu et al. (CVPR 2019), with the
    interface of :class:`LGRStack` so that configs can swap the two.

    .. code-block:: none

        X = MapToNode(x)
        X = GCN_k(X; A_hat_0),  k = 1 .. num_layers
        out = x + NodeToMap(x, X)

    Only the leaf level of the layout graph is used: every graph convolution
    runs over the normalised leaf adjacency ``A_hat_0``. The configs put one
    such module in place of the whole LGR stack (no pyramid modules); the
    paper's Table 2 does not say whether its graph-layer rows keep the 4
    stacks (docs/methods/lgr.md). There is no clustering, hence no ``W_p``,
    no ``orthogonality_loss`` and no extra losses.

    Args:
        in_channels (int): Number of channels ``C`` of the features
        layout_graph (dict | LayoutGraph): The layout graph, anything that
            :meth:`LayoutGraph.from_cfg` accepts
        num_layers (int): Number of graph convolutions (1, 2, 4, 6, 8 in the
            paper's ablation). Defaults to ``4``
        node_channels (int): Number of channels of the node features.
            Defaults to ``128``
        hidden_channels (int, optional): Channels of the hidden layer of the
            Node-to-Map scores; ``None`` means ``node_channels``. Defaults to
            ``None``
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None``

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 layout_graph: LayoutGraphCfg,
                 num_layers: int = 4,
                 node_channels: int = 128,
                 hidden_channels: Optional[int] = None,
                 init_cfg: OptConfigType = None):
        if num_layers < 1:
            raise ValueError(f'num_layers should be >= 1, got {num_layers}')
        graph = LayoutGraph.from_cfg(layout_graph)
        super().__init__(in_channels, graph.num_leaves, node_channels,
                         hidden_channels, init_cfg)
        self.graph = graph
        self.num_layers = num_layers
        adjacency = graph.adjacency(0)
        # the graph convolutions (the paper's graph reasoning)
        self.convs = ModuleList(
            GraphConvolution(node_channels, node_channels, adjacency)
            for _ in range(num_layers))

    def update_nodes(self, leaves: Tensor) -> Tensor:
        """The graph convolutions over the leaf graph.

        Args:
            leaves (Tensor): Leaf node features in shape (B, N_leaf, d)

        Returns:
            Tensor: The reasoned leaf features in shape (B, N_leaf, d)
        """
        for conv in self.convs:
            leaves = conv(leaves)
        return leaves
