from .aspp import ASPP
from .fine_net import FineNet
from .grad_cam_attention import GradCAMAttention, grad_cam
from .non_local import (SpatialAwareNonLocal2d, associative_non_local,
                        literal_non_local)

__all__ = [
    'ASPP', 'FineNet', 'GradCAMAttention', 'SpatialAwareNonLocal2d',
    'associative_non_local', 'grad_cam', 'literal_non_local'
]
