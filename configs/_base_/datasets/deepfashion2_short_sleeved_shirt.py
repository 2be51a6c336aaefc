# DeepFashion2 category 1, short sleeved shirt, on its own: the 25 landmarks
# of slots 0..24 of deepfashion2.py (mmpose's names sss_kpt1 .. sss_kpt25,
# swap pairs and skeleton links, all within the category) with the official
# per-landmark OKS sigmas of those slots (DeepFashion2 keypoint evaluation,
# github.com/switchablenorms/DeepFashion2). The metainfo of
# DeepFashion2CategoryDataset(category=1), whose keypoints are that slice.
# Configs must name this file by a path that exists: mmpose falls back to a
# file of its own when the path given does not resolve.
dataset_info = dict(
    dataset_name='deepfashion2_short_sleeved_shirt',
    paper_info=dict(
        author='Yuying Ge and Ruimao Zhang and Lingyun Wu '
        'and Xiaogang Wang and Xiaoou Tang and Ping Luo',
        title='DeepFashion2: A Versatile Benchmark for '
        'Detection, Pose Estimation, Segmentation and '
        'Re-Identification of Clothing Images',
        container='Proceedings of IEEE Conference on Computer '
        'Vision and Pattern Recognition (CVPR)',
        year='2019',
        homepage='https://github.com/switchablenorms/DeepFashion2',
    ),
    keypoint_info={
        0:
        dict(name='sss_kpt1', id=0, color=[255, 128, 0], type='', swap=''),
        1:
        dict(
            name='sss_kpt2',
            id=1,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt6'),
        2:
        dict(
            name='sss_kpt3',
            id=2,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt5'),
        3:
        dict(name='sss_kpt4', id=3, color=[255, 128, 0], type='', swap=''),
        4:
        dict(
            name='sss_kpt5',
            id=4,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt3'),
        5:
        dict(
            name='sss_kpt6',
            id=5,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt2'),
        6:
        dict(
            name='sss_kpt7',
            id=6,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt25'),
        7:
        dict(
            name='sss_kpt8',
            id=7,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt24'),
        8:
        dict(
            name='sss_kpt9',
            id=8,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt23'),
        9:
        dict(
            name='sss_kpt10',
            id=9,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt22'),
        10:
        dict(
            name='sss_kpt11',
            id=10,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt21'),
        11:
        dict(
            name='sss_kpt12',
            id=11,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt20'),
        12:
        dict(
            name='sss_kpt13',
            id=12,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt19'),
        13:
        dict(
            name='sss_kpt14',
            id=13,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt18'),
        14:
        dict(
            name='sss_kpt15',
            id=14,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt17'),
        15:
        dict(name='sss_kpt16', id=15, color=[255, 128, 0], type='', swap=''),
        16:
        dict(
            name='sss_kpt17',
            id=16,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt15'),
        17:
        dict(
            name='sss_kpt18',
            id=17,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt14'),
        18:
        dict(
            name='sss_kpt19',
            id=18,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt13'),
        19:
        dict(
            name='sss_kpt20',
            id=19,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt12'),
        20:
        dict(
            name='sss_kpt21',
            id=20,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt11'),
        21:
        dict(
            name='sss_kpt22',
            id=21,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt10'),
        22:
        dict(
            name='sss_kpt23',
            id=22,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt9'),
        23:
        dict(
            name='sss_kpt24',
            id=23,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt8'),
        24:
        dict(
            name='sss_kpt25',
            id=24,
            color=[255, 128, 0],
            type='',
            swap='sss_kpt7'),
    },
    skeleton_info={
        0:
        dict(link=('sss_kpt1', 'sss_kpt2'), id=0, color=[255, 128, 0]),
        1:
        dict(link=('sss_kpt2', 'sss_kpt7'), id=1, color=[255, 128, 0]),
        2:
        dict(link=('sss_kpt7', 'sss_kpt8'), id=2, color=[255, 128, 0]),
        3:
        dict(link=('sss_kpt8', 'sss_kpt9'), id=3, color=[255, 128, 0]),
        4:
        dict(link=('sss_kpt9', 'sss_kpt10'), id=4, color=[255, 128, 0]),
        5:
        dict(link=('sss_kpt10', 'sss_kpt11'), id=5, color=[255, 128, 0]),
        6:
        dict(link=('sss_kpt11', 'sss_kpt12'), id=6, color=[255, 128, 0]),
        7:
        dict(link=('sss_kpt12', 'sss_kpt13'), id=7, color=[255, 128, 0]),
        8:
        dict(link=('sss_kpt13', 'sss_kpt14'), id=8, color=[255, 128, 0]),
        9:
        dict(link=('sss_kpt14', 'sss_kpt15'), id=9, color=[255, 128, 0]),
        10:
        dict(link=('sss_kpt15', 'sss_kpt16'), id=10, color=[255, 128, 0]),
        11:
        dict(link=('sss_kpt16', 'sss_kpt17'), id=11, color=[255, 128, 0]),
        12:
        dict(link=('sss_kpt17', 'sss_kpt18'), id=12, color=[255, 128, 0]),
        13:
        dict(link=('sss_kpt18', 'sss_kpt19'), id=13, color=[255, 128, 0]),
        14:
        dict(link=('sss_kpt19', 'sss_kpt20'), id=14, color=[255, 128, 0]),
        15:
        dict(link=('sss_kpt20', 'sss_kpt21'), id=15, color=[255, 128, 0]),
        16:
        dict(link=('sss_kpt21', 'sss_kpt22'), id=16, color=[255, 128, 0]),
        17:
        dict(link=('sss_kpt22', 'sss_kpt23'), id=17, color=[255, 128, 0]),
        18:
        dict(link=('sss_kpt23', 'sss_kpt24'), id=18, color=[255, 128, 0]),
        19:
        dict(link=('sss_kpt24', 'sss_kpt25'), id=19, color=[255, 128, 0]),
        20:
        dict(link=('sss_kpt25', 'sss_kpt6'), id=20, color=[255, 128, 0]),
        21:
        dict(link=('sss_kpt6', 'sss_kpt1'), id=21, color=[255, 128, 0]),
        22:
        dict(link=('sss_kpt2', 'sss_kpt3'), id=22, color=[255, 128, 0]),
        23:
        dict(link=('sss_kpt3', 'sss_kpt4'), id=23, color=[255, 128, 0]),
        24:
        dict(link=('sss_kpt4', 'sss_kpt5'), id=24, color=[255, 128, 0]),
        25:
        dict(link=('sss_kpt5', 'sss_kpt6'), id=25, color=[255, 128, 0]),
    },
    joint_weights=[1.] * 25,
    sigmas=[
        0.012, 0.0158, 0.0169, 0.0165, 0.0169, 0.0158, 0.0298, 0.0329, 0.0321,
        0.0323, 0.034, 0.0388, 0.0452, 0.0574, 0.0492, 0.0352, 0.0492, 0.0574,
        0.0452, 0.0388, 0.034, 0.0323, 0.0321, 0.0329, 0.0298
    ])
