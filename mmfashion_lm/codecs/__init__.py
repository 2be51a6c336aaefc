from .coarse_fine_heatmap import CoarseFineHeatmap
from .composite_fields import CompositeFields

__all__ = ['CoarseFineHeatmap', 'CompositeFields']
