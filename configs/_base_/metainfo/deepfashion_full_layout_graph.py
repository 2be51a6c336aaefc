# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion / FLD full-body
# clothes, over the landmarks of deepfashion_full.py in keypoint order:
# 8 landmarks -> 4 clothes parts (collar, sleeve, waistline, hem) -> 2 body
# parts (upper, lower) -> root. Leaf edges: the flip pairs (symmetry) and
# the other skeleton links (kinematic). Built by layout_graph('full') in
# mmfashion_lm/datasets/metainfo/deepfashion.py.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
from mmfashion_lm.datasets.metainfo import DEEPFASHION_FULL_LAYOUT_GRAPH

layout_graph = DEEPFASHION_FULL_LAYOUT_GRAPH
