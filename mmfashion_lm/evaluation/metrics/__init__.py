from .category_attribute_metric import CategoryAttributeMetric
from .deepfashion2_keypoint_ap_metric import DeepFashion2KeypointAPMetric
from .fashion_ne_metric import FashionNEMetric

__all__ = [
    'FashionNEMetric', 'CategoryAttributeMetric',
    'DeepFashion2KeypointAPMetric'
]
