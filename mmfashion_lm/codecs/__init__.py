from .coarse_fine_heatmap import CoarseFineHeatmap
from .composite_fields import CompositeFields
from .distance_decay_heatmap import DistanceDecayHeatmap

__all__ = ['CoarseFineHeatmap', 'CompositeFields', 'DistanceDecayHeatmap']
