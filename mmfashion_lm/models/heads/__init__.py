from .coarse_fine_head import CoarseFineHead
from .composite_fields_head import CompositeFieldsHead
from .sigmoid_heatmap_head import SigmoidHeatmapHead

__all__ = ['CoarseFineHead', 'CompositeFieldsHead', 'SigmoidHeatmapHead']
