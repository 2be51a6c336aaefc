from .aspp import ASPP
from .fine_net import FineNet
from .gcn_stack import GCNStack
from .grad_cam_attention import GradCAMAttention, grad_cam
from .graph_convolution import (GraphClustering, GraphDeconvolution,
                                GraphReasoning, normalize_columns)
from .layout_graph import LayoutGraph, LayoutGraphError
from .layout_graph_reasoning import LayoutGraphReasoning
from .lgr_stack import LGRStack
from .map_to_node import MapToNode
from .node_reasoning import NodeReasoning
from .node_to_map import NodeToMap
from .non_local import (SpatialAwareNonLocal2d, associative_non_local,
                        literal_non_local)
from .pyramid_feature_module import PyramidFeatureModule

__all__ = [
    'ASPP', 'FineNet', 'GCNStack', 'GradCAMAttention', 'GraphClustering',
    'GraphDeconvolution', 'GraphReasoning', 'LGRStack', 'LayoutGraph',
    'LayoutGraphError', 'LayoutGraphReasoning', 'MapToNode', 'NodeReasoning',
    'NodeToMap', 'PyramidFeatureModule', 'SpatialAwareNonLocal2d', 'associative_non_local',
    'grad_cam', 'literal_non_local', 'normalize_columns'
]
