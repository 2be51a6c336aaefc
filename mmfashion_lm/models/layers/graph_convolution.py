"""The node-level operations of `LGR`_ (Yu et al., CVPR 2019): graph
convolution, graph clustering (Eqs. 2-3) and graph deconvolution, all of the
form ``ReLU(P X W)`` over node features ``X`` in shape (B, N, C).

They take and return node features; mapping a feature map onto nodes and
back is :mod:`.layout_graph_reasoning`'s.

.. _`LGR`: https://arxiv.org/abs/1910.01923
"""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import kaiming_init
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn

from ..utils import OwnInitModule


def normalize_columns(assignment: Tensor, eps: float = 1e-12) -> Tensor:
    """Scale every column of an assignment matrix to unit L2 norm.

    For a one-hot (child -> parent) assignment whose columns are all
    non-empty, the columns of the result are orthonormal: ``W^T W = I``.

    Args:
        assignment (Tensor): Assignment matrix in shape (N_child, N_parent)
        eps (float): Lower bound of a column norm, which keeps an empty
            column zero instead of dividing by zero. Defaults to ``1e-12``

    Returns:
        Tensor: The column-normalised matrix, same shape, floating point
    """
    assignment = assignment.float() if not assignment.is_floating_point() \
        else assignment
    return assignment / assignment.norm(dim=0, keepdim=True).clamp_min(eps)


def _check_square(adjacency: Tensor, num_nodes: int, name: str) -> None:
    if adjacency.shape[-2:] != (num_nodes, num_nodes):
        raise ValueError(f'{name} should be ({num_nodes}, {num_nodes}), got '
                         f'{tuple(adjacency.shape)}')


def _as_matrix(matrix: Tensor, name: str, shape: str) -> Tensor:
    matrix = torch.as_tensor(matrix, dtype=torch.float32)
    if matrix.dim() != 2:
        raise ValueError(f'{name} should be a {shape} matrix, got shape '
                         f'{tuple(matrix.shape)}')
    return matrix


class _NodeTransformLayer(OwnInitModule):
    """The form shared by the graph layers: ``ReLU(P X W)``, a (C, C') node
    transform ``W`` (Kaiming-initialised: it comes before a ReLU) and a
    propagation matrix ``P`` over the nodes, which each layer builds."""

    def __init__(self, in_channels: int, out_channels: int,
                 init_cfg: OptConfigType):
        super().__init__(init_cfg)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.weight = nn.Linear(in_channels, out_channels, bias=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Kaiming init (fan in) of the node transform."""
        kaiming_init(self.weight, mode='fan_in')

    def _propagate(self, propagation: Tensor, x: Tensor) -> Tensor:
        """``ReLU(P X W)`` for node features ``x`` in shape (B, N, C) and a
        propagation ``P`` in shape (N', N) or (B, N', N)."""
        if x.shape[1] != propagation.shape[-1]:
            raise ValueError(f'expected {propagation.shape[-1]} nodes, got '
                             f'{x.shape[1]}')
        return F.relu(torch.matmul(propagation, self.weight(x)))


@MODELS.register_module()
class GraphConvolution(_NodeTransformLayer):
    """Graph convolution of `GCN`_ by Kipf & Welling (ICLR 2017), what `LGR`_
    by Yu et al. (CVPR 2019) calls a graph reasoning step (Sec. 3.3).

    .. code-block:: none

        X' = ReLU(A_hat X W_h)

    with ``X`` the (N, C) node features, ``A_hat`` a fixed, normalised
    (N, N) adjacency (e.g. ``D^-1/2 (A + I) D^-1/2``, as given by
    ``LayoutGraph.adjacency(level)``) and ``W_h`` a learnable (C, C')
    matrix without bias, as in the paper's equations. The adjacency is a
    non-persistent buffer: it comes from the config, not from checkpoints.

    Args:
        in_channels (int): Number of channels ``C`` of the input node features
        out_channels (int): Number of channels ``C'`` of the output node
            features
        adjacency (Tensor): Normalised adjacency ``A_hat`` in shape (N, N),
            used as is
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None`` (Kaiming init of ``W_h``, as for a layer
            before a ReLU)

    .. _`GCN`: https://arxiv.org/abs/1609.02907
    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 adjacency: Tensor,
                 init_cfg: OptConfigType = None):
        super().__init__(in_channels, out_channels, init_cfg)
        adjacency = _as_matrix(adjacency, 'adjacency', '(N, N)')
        _check_square(adjacency, adjacency.shape[0], 'adjacency')
        self.num_nodes = adjacency.shape[0]
        self.register_buffer('adjacency', adjacency.clone(), persistent=False)

    def forward(self, x: Tensor, adjacency: Optional[Tensor] = None) -> Tensor:
        """Forward the graph convolution.

        Args:
            x (Tensor): Node features in shape (B, N, C)
            adjacency (Tensor, optional): An adjacency in shape (N, N) or
                (B, N, N) to use instead of the buffer. Defaults to ``None``

        Returns:
            Tensor: The output node features in shape (B, N, C')
        """
        adjacency = self.adjacency if adjacency is None else adjacency
        _check_square(adjacency, x.shape[1], 'adjacency')
        return self._propagate(adjacency, x)


@MODELS.register_module()
class GraphClustering(_NodeTransformLayer):
    """Graph clustering (bottom-up inference, Eqs. 2-3) of `LGR`_ by Yu et
    al. (CVPR 2019): pools N_in child nodes into N_out parent nodes.

    .. code-block:: none

        X_out = ReLU(W_p'^T A X W_h)        (Eq. 2)
        A_out = ReLU(W_p^T A W_p)           (Eq. 3)

    ``X`` (N_in, C) are the child features, ``A`` the child adjacency (passed
    to :meth:`forward`: the normalised leaf adjacency at the first level,
    the ``A_out`` of the level below at higher levels). ``W_p`` and ``W_p'``
    are learnable (N_in, N_out) clustering matrices, both initialised to the
    layout graph's one-hot (child -> parent) assignment with its columns
    scaled to unit L2 norm, so that ``W_p^T W_p = I`` at initialisation;
    :meth:`orthogonality_loss` is the penalty ``||W_p^T W_p - I||_F^2``
    that keeps ``W_p`` close to such a matrix during training (the paper
    states ``W_p^T W_p = I`` for ``W_p`` only, Sec. 3.3.2;
    the ``orthogonality_weight`` of the LGR layer weights it, 0 leaves it
    out).
    ``W_h`` is a learnable (C, C') matrix.

    Args:
        in_channels (int): Number of channels ``C`` of the child features
        out_channels (int): Number of channels ``C'`` of the parent features
        assignment (Tensor): One-hot (child -> parent) assignment in shape
            (N_in, N_out). Every parent should have a child
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None`` (Kaiming init of ``W_h``, as for a layer
            before a ReLU)

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 assignment: Tensor,
                 init_cfg: OptConfigType = None):
        super().__init__(in_channels, out_channels, init_cfg)
        assignment = _as_matrix(assignment, 'assignment', '(N_in, N_out)')
        self.in_nodes, self.out_nodes = assignment.shape
        init = normalize_columns(assignment)
        # W_p: clusters the adjacency (Eq. 3); W_p': the features (Eq. 2)
        self.adjacency_pooling = nn.Parameter(init.clone())
        self.feature_pooling = nn.Parameter(init.clone())

    def cluster_adjacency(self, adjacency: Tensor) -> Tensor:
        """Eq. 3: ``ReLU(W_p^T A W_p)``, the (N_out, N_out) parent
        adjacency, from a (N_in, N_in) child adjacency ``A``."""
        _check_square(adjacency, self.in_nodes, 'adjacency')
        pooling = self.adjacency_pooling
        return F.relu(pooling.t() @ adjacency @ pooling)

    def forward(self, x: Tensor, adjacency: Tensor) -> Tuple[Tensor, Tensor]:
        """Forward the clustering.

        Args:
            x (Tensor): Child node features in shape (B, N_in, C)
            adjacency (Tensor): Child adjacency ``A`` in shape (N_in, N_in)

        Returns:
            tuple:
            - x (Tensor): Parent node features in shape (B, N_out, C')
            - adjacency (Tensor): Parent adjacency in shape (N_out, N_out)
        """
        _check_square(adjacency, self.in_nodes, 'adjacency')
        out = self._propagate(self.feature_pooling.t() @ adjacency, x)
        return out, self.cluster_adjacency(adjacency)

    def orthogonality_loss(self) -> Tensor:
        """``||W_p^T W_p - I||_F^2``, zero at initialisation."""
        pooling = self.adjacency_pooling
        identity = torch.eye(
            self.out_nodes, dtype=pooling.dtype, device=pooling.device)
        return (pooling.t() @ pooling - identity).pow(2).sum()


@MODELS.register_module()
class GraphDeconvolution(_NodeTransformLayer):
    """Graph deconvolution (top-down inference) of `LGR`_ by Yu et al. (CVPR
    2019): spreads N_in parent nodes back to N_out child nodes, the mirror of
    Eq. 2 of :class:`GraphClustering`.

    .. code-block:: none

        X_child = ReLU(W_q' A X W_d)

    ``X`` (N_in, C) are the parent features and ``A`` the parent adjacency
    (passed to :meth:`forward`; :class:`LayoutGraphReasoning` passes the
    learned adjacency that Eq. 3 produced for the parent level). ``W_q'`` is
    a learnable (N_out, N_in) matrix initialised, like ``W_p'``, to the
    column-normalised (child -> parent) assignment; ``W_d`` is a learnable
    (C, C') matrix. The skip addition of the bottom-up child features is left
    to the caller. The paper derives the deconvolution "like Eq. 2 and
    Eq. 3", i.e. with a child adjacency as well; only the node features are
    produced here.

    Args:
        in_channels (int): Number of channels ``C`` of the parent features
        out_channels (int): Number of channels ``C'`` of the child features
        assignment (Tensor): One-hot (child -> parent) assignment in shape
            (N_out, N_in), the one given to the matching
            :class:`GraphClustering`
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to ``None`` (Kaiming init of ``W_d``, as for a layer
            before a ReLU)

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 assignment: Tensor,
                 init_cfg: OptConfigType = None):
        super().__init__(in_channels, out_channels, init_cfg)
        assignment = _as_matrix(assignment, 'assignment', '(N_out, N_in)')
        self.out_nodes, self.in_nodes = assignment.shape
        self.unpooling = nn.Parameter(normalize_columns(assignment))

    def forward(self, x: Tensor, adjacency: Tensor) -> Tensor:
        """Forward the deconvolution.

        Args:
            x (Tensor): Parent node features in shape (B, N_in, C)
            adjacency (Tensor): Parent adjacency ``A`` in shape (N_in, N_in)

        Returns:
            Tensor: Child node features in shape (B, N_out, C')
        """
        _check_square(adjacency, self.in_nodes, 'adjacency')
        return self._propagate(self.unpooling @ adjacency, x)
