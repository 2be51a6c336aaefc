# DeepFashion2 category 1, short sleeved shirt, on its own: its landmarks,
# its slots of deepfashion2.py numbered from 0 (sss_kpt1, ..., their flip
# pairs and skeleton links), with their official OKS sigmas; the metainfo of
# DeepFashion2CategoryDataset(category=1). Built from the package's table,
# mmfashion_lm/datasets/metainfo/deepfashion2.py (docs/datasets.md).
from mmfashion_lm.datasets.metainfo import \
    DEEPFASHION2_SHORT_SLEEVED_SHIRT_INFO

dataset_info = DEEPFASHION2_SHORT_SLEEVED_SHIRT_INFO
