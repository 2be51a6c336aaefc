from .aspp import ASPP
from .fine_net import FineNet
from .fork_normalization import ForkNormalization
from .gcn_stack import GCNStack
from .landmark_detector_prediction import (ParameterPredictionNet,
                                           detect_landmarks,
                                           landmark_level_features)
from .landmark_driven_attention import (LandmarkDrivenAttention,
                                        LandmarkUpsamplingBranch)
from .grad_cam_attention import GradCAMAttention, grad_cam
from .graph_convolution import (GraphClustering, GraphConvolution,
                                GraphDeconvolution, normalize_columns)
from .layout_graph_reasoning import (FeatureGraphLayer, LayoutGraphReasoning,
                                     MapToNode, NodeToMap)
from .lgr_stack import LGRStack
from .non_local import (SpatialAwareNonLocal2d, associative_non_local,
                        literal_non_local)
from .pyramid_feature_module import PyramidFeatureModule

__all__ = [
    'ASPP', 'FeatureGraphLayer', 'FineNet', 'ForkNormalization', 'GCNStack',
    'GradCAMAttention', 'GraphClustering', 'GraphConvolution',
    'GraphDeconvolution', 'LGRStack', 'LandmarkDrivenAttention',
    'LandmarkUpsamplingBranch', 'LayoutGraphReasoning', 'MapToNode',
    'NodeToMap', 'ParameterPredictionNet', 'PyramidFeatureModule',
    'SpatialAwareNonLocal2d',
    'associative_non_local', 'detect_landmarks', 'grad_cam',
    'landmark_level_features', 'literal_non_local',
    'normalize_columns'
]
