# DeepFashion / FLD upper-body clothes: 6 landmarks (collars, sleeves, hems),
# mmpose's deepfashion_upper layout (names, order, flip pairs) with a garment
# outline skeleton and no OKS sigmas. The table lives in the package:
# mmfashion_lm/datasets/metainfo/deepfashion.py (docs/datasets.md).
from mmfashion_lm.datasets.metainfo import DEEPFASHION_UPPER_INFO

dataset_info = DEEPFASHION_UPPER_INFO
