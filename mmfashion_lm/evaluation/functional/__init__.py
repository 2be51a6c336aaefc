from .category_attribute import attribute_topk_recall, category_topk_accuracy
from .episode_statistics import mean_with_ci95
from .keypoint_ap import deepfashion2_keypoint_ap
from .normalized_error import (instance_pck, normalized_error,
                               percentage_detected)

__all__ = [
    'normalized_error', 'percentage_detected', 'category_topk_accuracy',
    'attribute_topk_recall', 'deepfashion2_keypoint_ap', 'mean_with_ci95',
    'instance_pck'
]
