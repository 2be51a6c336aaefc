import torch
import torch.nn.functional as F
from mmengine.model import kaiming_init
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn

from .own_init_module import OwnInitModule


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
