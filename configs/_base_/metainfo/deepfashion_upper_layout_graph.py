# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion / FLD upper-body
# clothes, over the landmarks of deepfashion_upper.py in keypoint order:
# 6 landmarks -> 3 clothes parts (collar, sleeve, hem) -> the upper body ->
# root. Leaf edges: the flip pairs (symmetry) and the other skeleton links
# (kinematic). Built by layout_graph('upper') in
# mmfashion_lm/datasets/metainfo/deepfashion.py.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
from mmfashion_lm.datasets.metainfo import DEEPFASHION_UPPER_LAYOUT_GRAPH

layout_graph = DEEPFASHION_UPPER_LAYOUT_GRAPH
