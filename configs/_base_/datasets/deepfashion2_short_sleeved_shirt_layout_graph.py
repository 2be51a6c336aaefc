# LGR layout graph (Yu et al., CVPR 2019) of DeepFashion2 category 1, short
# sleeved shirt: the 25 landmarks of slots 0..24 of deepfashion2.py
# (sss_kpt1 .. sss_kpt25), in keypoint (heatmap channel) order.
#
# DeepFashion2 numbers the short sleeved shirt's landmarks along its outline:
# kpt1 the neckline's top centre, kpt2-kpt6 around the neckline, then one
# side from the shoulder down the sleeve and the body (kpt7-kpt13), the hem
# (kpt14-kpt18) and the other side back up to the shoulder (kpt19-kpt25).
# 'right' below is the kpt7 side, 'left' its mirror image by the metainfo's
# swap pairs (kpt7<->kpt25, ..., kpt15<->kpt17; kpt2<->kpt6, kpt3<->kpt5).
#
# leaf edges: symmetry = the 11 swap pairs; kinematic = the 26 skeleton links
# of the metainfo (the outline and the neckline).
# clothes parts, each a run of the outline closed under the swap pairs:
#   neckline     kpt1-kpt6   (6)
#   right sleeve kpt7-kpt10  (4)  shoulder, sleeve outer edge, cuff
#   right side   kpt11-kpt13 (3)  armpit, side seam
#   hem          kpt14-kpt18 (5)
#   left side    kpt19-kpt21 (3)  mirror of the right side
#   left sleeve  kpt22-kpt25 (4)  mirror of the right sleeve
# clothes-part edges: the parts joined by a skeleton link (kpt2-kpt7,
# kpt6-kpt25, kpt10-kpt11, kpt21-kpt22, kpt13-kpt14, kpt18-kpt19).
# body parts: neck (neckline), sleeves (both sleeves), torso (both sides and
# the hem), joined as the clothes parts are: neck-sleeves, sleeves-torso.
# Load with LayoutGraph.from_cfg(dict(from_file=THIS_FILE)).
layout_graph = dict(
    name='deepfashion2_short_sleeved_shirt',
    leaves=[
        'sss_kpt1', 'sss_kpt2', 'sss_kpt3', 'sss_kpt4', 'sss_kpt5',
        'sss_kpt6', 'sss_kpt7', 'sss_kpt8', 'sss_kpt9', 'sss_kpt10',
        'sss_kpt11', 'sss_kpt12', 'sss_kpt13', 'sss_kpt14', 'sss_kpt15',
        'sss_kpt16', 'sss_kpt17', 'sss_kpt18', 'sss_kpt19', 'sss_kpt20',
        'sss_kpt21', 'sss_kpt22', 'sss_kpt23', 'sss_kpt24', 'sss_kpt25'
    ],
    leaf_edges=dict(
        symmetry=[
            ('sss_kpt2', 'sss_kpt6'),
            ('sss_kpt3', 'sss_kpt5'),
            ('sss_kpt7', 'sss_kpt25'),
            ('sss_kpt8', 'sss_kpt24'),
            ('sss_kpt9', 'sss_kpt23'),
            ('sss_kpt10', 'sss_kpt22'),
            ('sss_kpt11', 'sss_kpt21'),
            ('sss_kpt12', 'sss_kpt20'),
            ('sss_kpt13', 'sss_kpt19'),
            ('sss_kpt14', 'sss_kpt18'),
            ('sss_kpt15', 'sss_kpt17'),
        ],
        kinematic=[
            ('sss_kpt1', 'sss_kpt2'),
            ('sss_kpt2', 'sss_kpt7'),
            ('sss_kpt7', 'sss_kpt8'),
            ('sss_kpt8', 'sss_kpt9'),
            ('sss_kpt9', 'sss_kpt10'),
            ('sss_kpt10', 'sss_kpt11'),
            ('sss_kpt11', 'sss_kpt12'),
            ('sss_kpt12', 'sss_kpt13'),
            ('sss_kpt13', 'sss_kpt14'),
            ('sss_kpt14', 'sss_kpt15'),
            ('sss_kpt15', 'sss_kpt16'),
            ('sss_kpt16', 'sss_kpt17'),
            ('sss_kpt17', 'sss_kpt18'),
            ('sss_kpt18', 'sss_kpt19'),
            ('sss_kpt19', 'sss_kpt20'),
            ('sss_kpt20', 'sss_kpt21'),
            ('sss_kpt21', 'sss_kpt22'),
            ('sss_kpt22', 'sss_kpt23'),
            ('sss_kpt23', 'sss_kpt24'),
            ('sss_kpt24', 'sss_kpt25'),
            ('sss_kpt25', 'sss_kpt6'),
            ('sss_kpt6', 'sss_kpt1'),
            ('sss_kpt2', 'sss_kpt3'),
            ('sss_kpt3', 'sss_kpt4'),
            ('sss_kpt4', 'sss_kpt5'),
            ('sss_kpt5', 'sss_kpt6'),
        ]),
    levels=[
        dict(
            name='clothes-part',
            nodes={
                'neckline': [
                    'sss_kpt1', 'sss_kpt2', 'sss_kpt3', 'sss_kpt4',
                    'sss_kpt5', 'sss_kpt6'
                ],
                'right sleeve':
                ['sss_kpt7', 'sss_kpt8', 'sss_kpt9', 'sss_kpt10'],
                'right side': ['sss_kpt11', 'sss_kpt12', 'sss_kpt13'],
                'hem': [
                    'sss_kpt14', 'sss_kpt15', 'sss_kpt16', 'sss_kpt17',
                    'sss_kpt18'
                ],
                'left side': ['sss_kpt19', 'sss_kpt20', 'sss_kpt21'],
                'left sleeve':
                ['sss_kpt22', 'sss_kpt23', 'sss_kpt24', 'sss_kpt25'],
            },
            edges=[
                ('neckline', 'right sleeve'),
                ('neckline', 'left sleeve'),
                ('right sleeve', 'right side'),
                ('left sleeve', 'left side'),
                ('right side', 'hem'),
                ('left side', 'hem'),
            ]),
        dict(
            name='body-part',
            nodes=dict(
                neck=['neckline'],
                sleeves=['right sleeve', 'left sleeve'],
                torso=['right side', 'hem', 'left side']),
            edges=[('neck', 'sleeves'), ('sleeves', 'torso')]),
        dict(
            name='root',
            nodes=dict(root=['neck', 'sleeves', 'torso']),
            edges=[]),
    ])
