# DeepFashion / FLD full-body clothes: the 8 landmarks of the full-body layout,
# mmpose's deepfashion_full layout (names, order, flip pairs) with
# consecutive keypoint ids, a garment outline skeleton and no OKS sigmas.
# The table lives in the package: mmfashion_lm/datasets/metainfo/
# deepfashion.py (docs/datasets.md).
from mmfashion_lm.datasets.metainfo import DEEPFASHION_FULL_INFO

dataset_info = DEEPFASHION_FULL_INFO
