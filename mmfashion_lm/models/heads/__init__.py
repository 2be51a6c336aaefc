from .category_map_head import CategoryMapHead
from .coarse_fine_head import CoarseFineHead
from .composite_fields_head import CompositeFieldsHead
from .landmark_category_head import LandmarkCategoryHead
from .multi_task_garment_head import MultiTaskGarmentHead
from .sigmoid_heatmap_head import SigmoidHeatmapHead

__all__ = [
    'CategoryMapHead', 'CoarseFineHead', 'CompositeFieldsHead',
    'LandmarkCategoryHead', 'MultiTaskGarmentHead', 'SigmoidHeatmapHead'
]
# StackedMultiLabelClsHead (mmpretrain's registry) is not imported here:
# mmpretrain.models takes about a second to import, for every process that
# imports the package; MultiTaskGarmentHead imports it when it builds one
