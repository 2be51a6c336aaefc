# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion / FLD full-body
# clothes. The leaves are the landmarks of deepfashion_full.py, in its
# keypoint (heatmap channel) order; each clustering level groups the nodes of
# the level below: 8 landmarks -> 4 clothes parts -> 2 body parts -> root.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
layout_graph = dict(
    name='deepfashion_full',
    leaves=[
        'left collar', 'right collar', 'left sleeve', 'right sleeve',
        'left waistline', 'right waistline', 'left hem', 'right hem'
    ],
    leaf_edges=dict(
        # left/right pairs (the metainfo's flip pairs)
        symmetry=[
            ('left collar', 'right collar'),
            ('left sleeve', 'right sleeve'),
            ('left waistline', 'right waistline'),
            ('left hem', 'right hem'),
        ],
        # along each side: collar-sleeve, collar-waistline-hem
        kinematic=[
            ('left collar', 'left sleeve'),
            ('right collar', 'right sleeve'),
            ('left collar', 'left waistline'),
            ('right collar', 'right waistline'),
            ('left waistline', 'left hem'),
            ('right waistline', 'right hem'),
        ]),
    levels=[
        dict(
            name='clothes-part',
            nodes=dict(
                collar=['left collar', 'right collar'],
                sleeve=['left sleeve', 'right sleeve'],
                waistline=['left waistline', 'right waistline'],
                hem=['left hem', 'right hem']),
            edges=[('collar', 'sleeve'), ('collar', 'waistline'),
                   ('waistline', 'hem')]),
        dict(
            name='body-part',
            nodes=dict(upper=['collar', 'sleeve'], lower=['waistline', 'hem']),
            edges=[('upper', 'lower')]),
        dict(name='root', nodes=dict(root=['upper', 'lower']), edges=[]),
    ])
