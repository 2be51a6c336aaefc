# DeepFashion / FLD lower-body clothes: 4 landmarks (waistlines, hems),
# mmpose's deepfashion_lower layout (names, order, flip pairs) with a garment
# outline skeleton and no OKS sigmas. The table lives in the package:
# mmfashion_lm/datasets/metainfo/deepfashion.py (docs/datasets.md).
from mmfashion_lm.datasets.metainfo import DEEPFASHION_LOWER_INFO

dataset_info = DEEPFASHION_LOWER_INFO
