"""The Layout-Graph Reasoning (LGR) layer of `LGR`_ by Yu et al. (CVPR
2019), Sec. 3.3, in reading order:

- :class:`MapToNode` (Eq. 1): the feature map onto one node per landmark;
- :class:`NodeToMap` (Eq. 4): the leaf nodes back onto the feature map;
- :class:`FeatureGraphLayer`: the residual frame around them,
  ``F + NodeToMap(F, update_nodes(MapToNode(F)))``, shared with the plain
  GCN ablation (:class:`~mmfashion_lm.models.layers.GCNStack`);
- :class:`LayoutGraphReasoning`: the paper's layer, whose node update is the
  bottom-up clustering and top-down deconvolution over the layout graph
  (the node operations are in :mod:`.graph_convolution`).

.. _`LGR`: https://arxiv.org/abs/1910.01923
"""
from typing import Dict, List, Mapping, Optional, Union

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule, ModuleList, kaiming_init
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn

from ...structures import LayoutGraph
from ..utils import ExtraLossMixin, OwnInitModule
from .graph_convolution import (GraphClustering, GraphConvolution,
                                GraphDeconvolution)

LayoutGraphCfg = Union[LayoutGraph, Mapping]


@MODELS.register_module()
class MapToNode(OwnInitModule):
    """Map-to-Node module (Eq. 1) of `LGR`_ by Yu et al. (CVPR 2019): soft
    assignment of the pixels of a feature map to the leaf graph nodes.

    .. code-block:: none

        X = ReLU(softmax(F W_m)^T F W_t)

    ``F`` are the (HW, C) features, ``W_m`` (C, N) gives one assignment score
    per position and node, normalised by a softmax over the ``HW`` positions
    (each node is a weighted average of positions), and ``W_t`` (C, d)
    transforms the features. Both are 1x1 convs without bias: a bias of
    ``W_m`` would cancel in the softmax, and the paper's equation has none.

    The paper's softmax normalises "to sum all rows to one" without naming
    the matrix: over the nodes at every position for ``F W_m`` (HW, N), over
    the positions for its transpose. The positions are used here, so that a
    node's features do not grow with the feature-map size (a sum over 196
    positions before VGG-16's block 5, 50,176 before block 1).

    Args:
        in_channels (int): Number of channels ``C`` of the feature map
        num_nodes (int): Number of graph nodes ``N``
        node_channels (int): Number of channels ``d`` of the node features
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None`` (Kaiming init of ``W_t``, which comes before
            a ReLU; PyTorch's default init of ``W_m``)

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 num_nodes: int,
                 node_channels: int,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        self.in_channels = in_channels
        self.num_nodes = num_nodes
        self.node_channels = node_channels
        self.assign = nn.Conv2d(in_channels, num_nodes, 1, bias=False)
        self.transform = nn.Conv2d(in_channels, node_channels, 1, bias=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default init of ``W_m``, Kaiming init of ``W_t``."""
        self.assign.reset_parameters()
        kaiming_init(self.transform, mode='fan_in')

    def soft_assignment(self, x: Tensor) -> Tensor:
        """``softmax(F W_m)^T``: for every node, the weights of the positions,
        which sum to 1 over the positions.

        Args:
            x (Tensor): Features in shape (B, C, H, W)

        Returns:
            Tensor: The weights in shape (B, N, H * W)
        """
        return self.assign(x).flatten(2).softmax(dim=-1)

    def forward(self, x: Tensor) -> Tensor:
        """Forward the module.

        Args:
            x (Tensor): Features in shape (B, C, H, W)

        Returns:
            Tensor: Node features in shape (B, N, d)
        """
        weights = self.soft_assignment(x)  # (B, N, HW)
        values = self.transform(x).flatten(2)  # (B, d, HW)
        return F.relu(torch.bmm(weights, values.transpose(1, 2)))


@MODELS.register_module()
class NodeToMap(OwnInitModule):
    """Node-to-Map module (Eq. 4) of `LGR`_ by Yu et al. (CVPR 2019): maps the
    leaf node features back onto the feature map.

    The paper concatenates, for every position ``i`` and node ``n``, the
    features ``F_i`` (C) and the node features ``X_n`` (d) into ``X_a``
    (HW, N, C + d) and computes

    .. code-block:: none

        F_r = ReLU(softmax_n(X_a W_m') ReLU(X W_t'))           (Eq. 4)

    with ``W_m'`` a (C + d) vector and ``W_t'`` a (d, C) matrix. As written,
    ``X_a W_m' = F_i w_F + X_n w_X``, and ``F_r`` has rank 1 whichever way the
    softmax runs: over the nodes at every position (the rows of the (HW, N)
    scores, the paper's "sum all rows to one") the ``F_i w_F`` term cancels
    and every position gets the same node weights, so ``F_r`` is one vector
    repeated; over the positions the ``X_n w_X`` term cancels and every node
    gets the same position weights ``s_i``, so ``F_r_i = ReLU(s_i v)``. The
    minimal fix used here keeps the softmax over the nodes and puts a hidden
    layer ``U`` ((C + d, h), with a bias) and a ReLU in front of the score
    vector ``w`` (h):

    .. code-block:: none

        score_{i,n} = w^T ReLU([F_i; X_n] U) = w^T ReLU(F_i U_F + X_n U_X + b)
        F_r = ReLU(softmax_n(score) ReLU(X W_t'))

    which makes the weights depend on the position; without ``U`` (and the
    ReLU) it is Eq. 4. The concatenation is never materialised: (B, HW, 1, h)
    and (B, 1, N, h) are broadcast-added, so the largest intermediate is
    (B, HW, N, h); keep ``h`` small. The output is ``F_r`` only; the caller
    adds it to ``F`` (residual).

    Args:
        in_channels (int): Number of channels ``C`` of the feature map
        node_channels (int): Number of channels ``d`` of the node features
        hidden_channels (int, optional): Number of channels ``h`` of the
            hidden layer ``U`` of the scores. ``None`` means
            ``node_channels``. Defaults to ``None``
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None`` (Kaiming init of ``U``, which comes
            before a ReLU, zero bias; PyTorch's default init of ``w`` and
            ``W_t'``, which keeps ``F_r`` small next to ``F``)

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 node_channels: int,
                 hidden_channels: Optional[int] = None,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        self.in_channels = in_channels
        self.node_channels = node_channels
        self.hidden_channels = hidden_channels or node_channels
        # U = [U_F; U_X] and its bias b
        self.feature_proj = nn.Conv2d(
            in_channels, self.hidden_channels, 1, bias=False)
        self.node_proj = nn.Linear(node_channels, self.hidden_channels)
        # w: a bias would cancel in the softmax over the nodes
        self.score = nn.Linear(self.hidden_channels, 1, bias=False)
        # W_t'
        self.transform = nn.Linear(node_channels, in_channels, bias=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Kaiming init of ``U`` (before a ReLU), zero bias; PyTorch's
        default init of ``w`` and ``W_t'``."""
        for layer in (self.feature_proj, self.node_proj):
            kaiming_init(layer, mode='fan_in')
        self.score.reset_parameters()
        self.transform.reset_parameters()

    def node_weights(self, x: Tensor, nodes: Tensor) -> Tensor:
        """``softmax_n(score_{i,n})``: for every position, the weights of the
        nodes, which sum to 1 over the nodes.

        Args:
            x (Tensor): Features in shape (B, C, H, W)
            nodes (Tensor): Node features in shape (B, N, d)

        Returns:
            Tensor: The weights in shape (B, H * W, N)
        """
        features = self.feature_proj(x).flatten(2).transpose(1, 2)
        hidden = F.relu(
            features.unsqueeze(2) +
            self.node_proj(nodes).unsqueeze(1))  # (B, HW, N, h)
        return self.score(hidden).squeeze(-1).softmax(dim=-1)

    def forward(self, x: Tensor, nodes: Tensor) -> Tensor:
        """Forward the module.

        Args:
            x (Tensor): Features ``F`` in shape (B, C, H, W)
            nodes (Tensor): Node features ``X`` in shape (B, N, d)

        Returns:
            Tensor: The node-enhanced features ``F_r`` in shape (B, C, H, W)
        """
        weights = self.node_weights(x, nodes)  # (B, HW, N)
        values = F.relu(self.transform(nodes))  # (B, N, C)
        out = F.relu(torch.bmm(weights, values))  # (B, HW, C)
        return out.transpose(1, 2).reshape(x.shape)


class FeatureGraphLayer(BaseModule):
    """The frame of the graph layers of `LGR`_ (Yu et al., CVPR 2019): the
    features are mapped onto one node per landmark (Eq. 1), the node
    features are updated over a graph, and the result is mapped back
    (Eq. 4) and added to the features (the residual addition, Sec. 4.1).

    .. code-block:: none

        out = F + NodeToMap(F, update_nodes(MapToNode(F)))

    Subclasses implement :meth:`update_nodes`: the layout-graph reasoning of
    :class:`LayoutGraphReasoning`, the plain graph convolutions of
    :class:`~mmfashion_lm.models.layers.GCNStack`.

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

    def update_nodes(self, leaves: Tensor) -> Tensor:
        """Update the leaf node features over the graph.

        Args:
            leaves (Tensor): Leaf node features in shape (B, N, d)

        Returns:
            Tensor: The updated leaf node features in shape (B, N, d)
        """
        raise NotImplementedError

    def forward(self, x: Tensor) -> Tensor:
        """Forward the layer.

        Args:
            x (Tensor): Features ``F`` in shape (B, C, H, W)

        Returns:
            Tensor: ``F`` plus the node-enhanced features, (B, C, H, W)
        """
        leaves = self.update_nodes(self.map_to_node(x))
        return x + self.node_to_map(x, leaves)


@MODELS.register_module()
class LayoutGraphReasoning(FeatureGraphLayer, ExtraLossMixin):
    """Layout-Graph Reasoning (LGR) layer of `LGR`_ by Yu et al. (CVPR 2019),
    Sec. 3.3: a :class:`FeatureGraphLayer` whose node update is the
    layout-graph reasoning.

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

    How the adjacencies are used: the graph reasoning (a
    :class:`GraphConvolution`, ``X' = ReLU(A X W)``) at level ``l`` uses
    ``A_hat_l``, the layout graph's declared edges of that level normalised
    as ``D^-1/2 (A + I) D^-1/2`` (a fixed buffer).
    The clustering of Eqs. 2-3 at the first level uses the normalised leaf
    adjacency ``A_hat_0`` as ``A``; at higher levels it uses ``A_{l-1}``, the
    adjacency Eq. 3 produced at the level below (learned through ``W_p``, the
    same for every input). The deconvolution from level ``l`` uses the same
    learned ``A_l`` (the mirror of Eq. 2) and produces node features only.
    Every node level has ``node_channels`` channels. The clustering matrices
    start from the graph's column-normalised assignments;
    :meth:`orthogonality_loss` is the penalty that keeps ``W_p^T W_p = I``
    (Sec. 3.3.2), weighted by ``orthogonality_weight`` in
    :meth:`extra_losses` (:class:`~mmfashion_lm.models.layers.LGRStack`
    sets the weight on each of its layers).

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
            ``dict(from_file='configs/_base_/metainfo/'
            'deepfashion_full_layout_graph.py')``
        node_channels (int): Number of channels ``d`` of the node features.
            Defaults to ``128``
        num_levels (int, optional): Number of clustering levels to use,
            ``1 .. layout_graph.num_levels``; the graph is truncated to them.
            ``None`` means all of them. Defaults to ``None``
        hidden_channels (int, optional): Channels of the hidden layer of
            :class:`NodeToMap`'s scores. ``None`` means ``node_channels``.
            Defaults to ``None``
        orthogonality_weight (float): Weight of :meth:`orthogonality_loss`
            in :meth:`extra_losses`, >= 0; 0 leaves it out. An
            :class:`~mmfashion_lm.models.layers.LGRStack` passes its own to
            each of its layers. Defaults to ``0.``
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
                 orthogonality_weight: float = 0.,
                 init_cfg: OptConfigType = None):
        if not orthogonality_weight >= 0:
            raise ValueError('orthogonality_weight must be >= 0, got '
                             f'{orthogonality_weight!r}')
        graph = LayoutGraph.from_cfg(layout_graph)
        if num_levels is not None:
            graph = graph.truncated(num_levels)
        super().__init__(in_channels, graph.num_leaves, node_channels,
                         hidden_channels, init_cfg)
        # the layer's (possibly truncated) graph: its leaves are the
        # landmarks, which LGRPoseEstimator checks
        self.graph = graph
        self.orthogonality_weight = orthogonality_weight
        self.num_levels = graph.num_levels
        self.num_leaves = graph.num_leaves
        levels = range(self.num_levels + 1)
        adjacencies = [graph.adjacency(level) for level in levels]

        # up_convs[l]: the graph convolution at level l, bottom-up
        self.up_convs = ModuleList(
            GraphConvolution(node_channels, node_channels, adjacency)
            for adjacency in adjacencies)
        self.clusterings = ModuleList(
            GraphClustering(node_channels, node_channels,
                            graph.assignment(level)) for level in levels[1:])
        # deconvolutions[l - 1]: level l -> level l - 1
        self.deconvolutions = ModuleList(
            GraphDeconvolution(node_channels, node_channels,
                               graph.assignment(level))
            for level in levels[1:])
        # down_convs[l]: level l, after the deconvolution into it
        self.down_convs = ModuleList(
            GraphConvolution(node_channels, node_channels, adjacency)
            for adjacency in adjacencies[:-1])

    def update_nodes(self, leaves: Tensor) -> Tensor:
        """The layout-graph reasoning on the leaf features: a graph
        convolution at the leaves, clustering up to the top level and
        deconvolution back, with a graph convolution at every level.

        Args:
            leaves (Tensor): Leaf node features in shape (B, N_leaf, d)

        Returns:
            Tensor: The reasoned leaf features in shape (B, N_leaf, d)
        """
        x = self.up_convs[0](leaves)
        adjacency = self.up_convs[0].adjacency
        features: List[Tensor] = [x]
        adjacencies: List[Tensor] = [adjacency]
        for clustering, conv in zip(self.clusterings, self.up_convs[1:]):
            x, adjacency = clustering(x, adjacency)
            x = conv(x)
            features.append(x)
            adjacencies.append(adjacency)

        for level in range(self.num_levels, 0, -1):
            x = self.deconvolutions[level - 1](x, adjacencies[level])
            x = self.down_convs[level - 1](x + features[level - 1])
        return x

    def orthogonality_loss(self) -> Tensor:
        """Sum over the clustering levels of ``||W_p^T W_p - I||_F^2``."""
        return torch.stack([c.orthogonality_loss()
                            for c in self.clusterings]).sum()

    def extra_losses(self) -> Dict[str, Tensor]:
        """The weighted orthogonality penalty.

        Returns:
            dict[str, Tensor]: ``{'loss_orth': orthogonality_weight *
            orthogonality_loss()}``; empty when the weight is 0
        """
        if self.orthogonality_weight == 0:
            return {}
        return {'loss_orth': self.orthogonality_weight *
                self.orthogonality_loss()}
