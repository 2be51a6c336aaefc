from typing import List, Mapping, Optional, Union

import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn

from .graph_convolution import (GraphClustering, GraphDeconvolution,
                                GraphReasoning)
from .layout_graph import LayoutGraph
from .node_reasoning import NodeReasoning

LayoutGraphCfg = Union[LayoutGraph, Mapping]


@MODELS.register_module()
class LayoutGraphReasoning(NodeReasoning):
    """Layout-Graph Reasoning (LGR) layer of `LGR`_ by Yu et al. (CVPR 2019).

    For features ``F`` (B, C, H, W) and a layout graph with leaf level 0 and
    clustering levels ``1 .. L`` (clothes-part, body-part, root for
    DeepFashion):

    .. code-block:: none

        X_0 = MapToNode(F)                                  (Eq. 1)
        X_0 = GCN_0(X_0; A_hat_0),  A_0 = A_hat_0
        for l = 1 .. L:            bottom-up
            X_l, A_l = GraphClustering_l(X_{l-1}; A_{l-1})  (Eqs. 2-3)
            X_l = GCN_l(X_l; A_hat_l)
        Y_L = X_L
        for l = L .. 1:            top-down
            Y_{l-1} = GraphDeconvolution_l(Y_l; A_l) + X_{l-1}
            Y_{l-1} = GCN'_{l-1}(Y_{l-1}; A_hat_{l-1})
        out = F + NodeToMap(F, Y_0)                          (Eq. 4)

    How the adjacencies are used: the graph reasoning (GCN, ``X' = ReLU(A X
    W)``) at level ``l`` uses ``A_hat_l``, the layout graph's declared edges
    of that level normalised as ``D^-1/2 (A + I) D^-1/2`` (a fixed buffer).
    The clustering of Eqs. 2-3 at the first level uses the normalised leaf
    adjacency ``A_hat_0`` as ``A``; at higher levels it uses ``A_{l-1}``, the
    adjacency Eq. 3 produced at the level below (learned through ``W_p``, the
    same for every input). The deconvolution from level ``l`` uses the same
    learned ``A_l`` (the mirror of Eq. 2) and produces node features only.
    Every node level has ``node_channels`` channels. The clustering matrices
    start from the graph's column-normalised assignments;
    :meth:`orthogonality_loss` is the penalty that keeps ``W_p^T W_p = I``
    (Sec. 3.3.2), weighted by ``LGRPoseEstimator.orthogonality_weight``.

    Where this differs from the paper (docs/methods/lgr.md): Sec. 3.3.2 runs
    the reasoning above the leaves over Eq. 3's ``A_middle`` (Sec. 3.2 also
    declares an ``A_middle`` from the intermediate edges, which is the one
    used here); the paper describes the leaf reasoning and Eq. 2 as one step
    (here a reasoning, then Eq. 2 with its own ``A X W_h``); its
    deconvolution also produces an adjacency "like Eq. 3" (not here).

    See :class:`NodeToMap` for the position-dependent fix of Eq. 4.

    Args:
        in_channels (int): Number of channels ``C`` of the features
        layout_graph (dict | LayoutGraph): The layout graph, anything that
            :meth:`LayoutGraph.from_cfg` accepts, e.g.
            ``dict(from_file='configs/_base_/datasets/'
            'deepfashion_full_layout_graph.py')``
        node_channels (int): Number of channels ``d`` of the node features.
            Defaults to ``128``
        num_levels (int, optional): Number of clustering levels to use,
            ``1 .. layout_graph.num_levels``; the graph is truncated to them.
            ``None`` means all of them. Defaults to ``None``
        hidden_channels (int, optional): Channels of the hidden layer of
            :class:`NodeToMap`'s scores. ``None`` means ``node_channels``.
            Defaults to ``None``
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None``

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 layout_graph: LayoutGraphCfg,
                 node_channels: int = 128,
                 num_levels: Optional[int] = None,
                 hidden_channels: Optional[int] = None,
                 init_cfg: OptConfigType = None):
        graph = LayoutGraph.from_cfg(layout_graph)
        if num_levels is not None:
            graph = graph.truncated(num_levels)
        super().__init__(in_channels, graph.num_leaves, node_channels,
                         hidden_channels, init_cfg)
        # the layer's (possibly truncated) graph: its leaves are the
        # landmarks, which LGRPoseEstimator checks
        self.graph = graph
        self.num_levels = graph.num_levels
        self.num_leaves = graph.num_leaves
        levels = range(self.num_levels + 1)
        adjacencies = [graph.adjacency(level) for level in levels]

        self.up_reasonings = nn.ModuleList(
            GraphReasoning(node_channels, node_channels, adjacency)
            for adjacency in adjacencies)
        self.clusterings = nn.ModuleList(
            GraphClustering(node_channels, node_channels,
                            graph.assignment(level)) for level in levels[1:])
        # deconvolutions[l - 1]: level l -> level l - 1
        self.deconvolutions = nn.ModuleList(
            GraphDeconvolution(node_channels, node_channels,
                               graph.assignment(level))
            for level in levels[1:])
        # down_reasonings[l]: level l, after the deconvolution into it
        self.down_reasonings = nn.ModuleList(
            GraphReasoning(node_channels, node_channels, adjacency)
            for adjacency in adjacencies[:-1])

    def reason(self, leaves: Tensor) -> Tensor:
        """The layout-graph reasoning on the leaf features: reasoning at the
        leaves, clustering up to the top level and deconvolution back, with
        reasoning at every level.

        Args:
            leaves (Tensor): Leaf node features in shape (B, N_leaf, d)

        Returns:
            Tensor: The reasoned leaf features in shape (B, N_leaf, d)
        """
        x = self.up_reasonings[0](leaves)
        adjacency = self.up_reasonings[0].adjacency
        features: List[Tensor] = [x]
        adjacencies: List[Tensor] = [adjacency]
        for clustering, reasoning in zip(self.clusterings,
                                         self.up_reasonings[1:]):
            x, adjacency = clustering(x, adjacency)
            x = reasoning(x)
            features.append(x)
            adjacencies.append(adjacency)

        for level in range(self.num_levels, 0, -1):
            x = self.deconvolutions[level - 1](x, adjacencies[level])
            x = self.down_reasonings[level - 1](x + features[level - 1])
        return x

    def orthogonality_loss(self) -> Tensor:
        """Sum over the clustering levels of ``||W_p^T W_p - I||_F^2``."""
        return torch.stack([c.orthogonality_loss()
                            for c in self.clusterings]).sum()
