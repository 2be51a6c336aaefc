from .category_attribute_metric import CategoryAttributeMetric
from .deepfashion2_keypoint_ap_metric import DeepFashion2KeypointAPMetric
from .episodic_landmark_metric import EpisodicLandmarkMetric
from .fashion_coco_metric import FashionCocoMetric
from .fashion_ne_metric import FashionNEMetric
from .landmark_detection_metric import LandmarkDetectionMetric

__all__ = [
    'FashionNEMetric', 'CategoryAttributeMetric',
    'DeepFashion2KeypointAPMetric', 'EpisodicLandmarkMetric',
    'FashionCocoMetric',
    'LandmarkDetectionMetric'
]
