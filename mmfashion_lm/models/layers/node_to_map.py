from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import kaiming_init
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn

from .own_init_module import OwnInitModule


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
