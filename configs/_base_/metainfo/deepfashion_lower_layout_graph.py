# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion / FLD lower-body
# clothes, over the landmarks of deepfashion_lower.py in keypoint order:
# 4 landmarks -> 2 clothes parts (waistline, hem) -> the lower body -> root.
# Leaf edges: the flip pairs (symmetry) and the other skeleton links
# (kinematic). Built by layout_graph('lower') in
# mmfashion_lm/datasets/metainfo/deepfashion.py.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
from mmfashion_lm.datasets.metainfo import DEEPFASHION_LOWER_LAYOUT_GRAPH

layout_graph = DEEPFASHION_LOWER_LAYOUT_GRAPH
