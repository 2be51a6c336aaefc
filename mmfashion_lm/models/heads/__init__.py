from .category_map_head import CategoryMapHead
from .coarse_fine_head import CoarseFineHead
from .composite_fields_head import CompositeFieldsHead
from .landmark_category_head import LandmarkCategoryHead
from .multi_task_garment_head import MultiTaskGarmentHead
from .sigmoid_heatmap_head import SigmoidHeatmapHead
from .stacked_multi_label_cls_head import StackedMultiLabelClsHead

__all__ = [
    'CategoryMapHead', 'CoarseFineHead', 'CompositeFieldsHead',
    'LandmarkCategoryHead', 'MultiTaskGarmentHead', 'SigmoidHeatmapHead',
    'StackedMultiLabelClsHead'
]
