# DeepFashion2's categories seen by MetaCloth's benchmark B4, their landmarks
# side by side in category order (each category's slots of deepfashion2.py
# numbered on from the previous one's), with flip pairs, skeleton links and
# official OKS sigmas; the metainfo of
# DeepFashion2CategoryDataset(category=<the seen categories>), the base
# model's data (docs/methods/metacloth.md).
from mmfashion_lm.datasets.metainfo import DEEPFASHION2_B4_SEEN_INFO

dataset_info = DEEPFASHION2_B4_SEEN_INFO
