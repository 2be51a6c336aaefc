# DeepFashion2: 294 landmark slots, the 13 categories one after the other;
# mmpose's deepfashion2 names, colours and skeleton with the official OKS
# sigmas and two flip-pair fixes. The table lives in the package:
# mmfashion_lm/datasets/metainfo/deepfashion2.py (docs/datasets.md).
# Configs name this file by a path that exists (one built from the config's
# own folder): mmpose falls back to its own deepfashion2.py, without sigmas,
# when the path given does not.
from mmfashion_lm.datasets.metainfo import DEEPFASHION2_INFO

dataset_info = DEEPFASHION2_INFO
