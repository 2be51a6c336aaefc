# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion2 category 1, short
# sleeved shirt, over the landmarks of deepfashion2_short_sleeved_shirt.py in
# keypoint order -> 6 clothes parts (neckline, right sleeve, right side, hem,
# left side, left sleeve: runs of the outline) -> 3 body parts (neck,
# sleeves, torso) -> root. Leaf edges: the flip pairs (symmetry) and the
# skeleton links (kinematic). Built in
# mmfashion_lm/datasets/metainfo/deepfashion2.py, which lists the parts.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
from mmfashion_lm.datasets.metainfo import \
    DEEPFASHION2_SHORT_SLEEVED_SHIRT_LAYOUT_GRAPH

layout_graph = DEEPFASHION2_SHORT_SLEEVED_SHIRT_LAYOUT_GRAPH
