# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion / FLD upper-body
# clothes. The leaves are the landmarks of deepfashion_upper.py, in its
# keypoint (heatmap channel) order: 6 landmarks -> 3 clothes parts -> the
# upper body -> root.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
layout_graph = dict(
    name='deepfashion_upper',
    leaves=[
        'left collar', 'right collar', 'left sleeve', 'right sleeve',
        'left hem', 'right hem'
    ],
    leaf_edges=dict(
        # left/right pairs (the metainfo's flip pairs)
        symmetry=[
            ('left collar', 'right collar'),
            ('left sleeve', 'right sleeve'),
            ('left hem', 'right hem'),
        ],
        # along each side: collar-sleeve, collar-hem
        kinematic=[
            ('left collar', 'left sleeve'),
            ('right collar', 'right sleeve'),
            ('left collar', 'left hem'),
            ('right collar', 'right hem'),
        ]),
    levels=[
        dict(
            name='clothes-part',
            nodes=dict(
                collar=['left collar', 'right collar'],
                sleeve=['left sleeve', 'right sleeve'],
                hem=['left hem', 'right hem']),
            edges=[('collar', 'sleeve'), ('collar', 'hem')]),
        dict(
            name='body-part',
            nodes=dict(upper=['collar', 'sleeve', 'hem']),
            edges=[]),
        dict(name='root', nodes=dict(root=['upper']), edges=[]),
    ])
