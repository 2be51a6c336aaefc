from .coarse_fine_head import CoarseFineHead
from .sigmoid_heatmap_head import SigmoidHeatmapHead

__all__ = ['CoarseFineHead', 'SigmoidHeatmapHead']
