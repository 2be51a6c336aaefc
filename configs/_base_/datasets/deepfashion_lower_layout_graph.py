# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion / FLD lower-body
# clothes. The leaves are the landmarks of deepfashion_lower.py, in its
# keypoint (heatmap channel) order: 4 landmarks -> 2 clothes parts -> the
# lower body -> root.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
layout_graph = dict(
    name='deepfashion_lower',
    leaves=['left waistline', 'right waistline', 'left hem', 'right hem'],
    leaf_edges=dict(
        # left/right pairs (the metainfo's flip pairs)
        symmetry=[
            ('left waistline', 'right waistline'),
            ('left hem', 'right hem'),
        ],
        # along each side: waistline-hem
        kinematic=[
            ('left waistline', 'left hem'),
            ('right waistline', 'right hem'),
        ]),
    levels=[
        dict(
            name='clothes-part',
            nodes=dict(
                waistline=['left waistline', 'right waistline'],
                hem=['left hem', 'right hem']),
            edges=[('waistline', 'hem')]),
        dict(
            name='body-part',
            nodes=dict(lower=['waistline', 'hem']),
            edges=[]),
        dict(name='root', nodes=dict(root=['lower']), edges=[]),
    ])
