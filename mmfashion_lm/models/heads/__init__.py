from .category_map_head import CategoryMapHead
from .coarse_fine_head import CoarseFineHead
from .composite_fields_head import CompositeFieldsHead
from .landmark_category_head import LandmarkCategoryHead
from .sigmoid_heatmap_head import SigmoidHeatmapHead

__all__ = [
    'CategoryMapHead', 'CoarseFineHead', 'CompositeFieldsHead',
    'LandmarkCategoryHead', 'SigmoidHeatmapHead'
]
