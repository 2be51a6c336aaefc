from .coarse_fine_heatmap import CoarseFineHeatmap

__all__ = ['CoarseFineHeatmap']
