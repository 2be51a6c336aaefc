# DeepFashion / FLD full-body clothes: 8 landmarks, the layout of
# mmpose's deepfashion_full metainfo (same names, order and flip pairs) with
# consecutive keypoint ids and a garment outline skeleton. sigmas stay empty:
# no per-landmark OKS constants were ever published for DeepFashion / FLD,
# whose benchmarks score NE and PDL (see docs/datasets.md).
dataset_info = dict(
    dataset_name='deepfashion_full',
    paper_info=dict(
        author='Liu, Ziwei and Luo, Ping and Qiu, Shi '
        'and Wang, Xiaogang and Tang, Xiaoou',
        title='DeepFashion: Powering Robust Clothes Recognition '
        'and Retrieval with Rich Annotations',
        container='Proceedings of IEEE Conference on Computer '
        'Vision and Pattern Recognition (CVPR)',
        year='2016',
        homepage='http://mmlab.ie.cuhk.edu.hk/projects/'
        'DeepFashion/LandmarkDetection.html',
    ),
    keypoint_info={
        0:
        dict(
            name='left collar',
            id=0,
            color=[0, 255, 0],
            type='',
            swap='right collar'),
        1:
        dict(
            name='right collar',
            id=1,
            color=[255, 128, 0],
            type='',
            swap='left collar'),
        2:
        dict(
            name='left sleeve',
            id=2,
            color=[0, 255, 0],
            type='',
            swap='right sleeve'),
        3:
        dict(
            name='right sleeve',
            id=3,
            color=[255, 128, 0],
            type='',
            swap='left sleeve'),
        4:
        dict(
            name='left waistline',
            id=4,
            color=[0, 255, 0],
            type='',
            swap='right waistline'),
        5:
        dict(
            name='right waistline',
            id=5,
            color=[255, 128, 0],
            type='',
            swap='left waistline'),
        6:
        dict(
            name='left hem',
            id=6,
            color=[0, 255, 0],
            type='',
            swap='right hem'),
        7:
        dict(
            name='right hem',
            id=7,
            color=[255, 128, 0],
            type='',
            swap='left hem'),
    },
    skeleton_info={
        0:
        dict(link=('left collar', 'right collar'), id=0, color=[51, 153, 255]),
        1:
        dict(link=('left collar', 'left sleeve'), id=1, color=[0, 255, 0]),
        2:
        dict(link=('right collar', 'right sleeve'), id=2, color=[255, 128, 0]),
        3:
        dict(link=('left collar', 'left waistline'), id=3, color=[0, 255, 0]),
        4:
        dict(
            link=('right collar', 'right waistline'),
            id=4,
            color=[255, 128, 0]),
        5:
        dict(
            link=('left waistline', 'right waistline'),
            id=5,
            color=[51, 153, 255]),
        6:
        dict(link=('left waistline', 'left hem'), id=6, color=[0, 255, 0]),
        7:
        dict(link=('right waistline', 'right hem'), id=7, color=[255, 128, 0]),
        8:
        dict(link=('left hem', 'right hem'), id=8, color=[51, 153, 255]),
    },
    joint_weights=[1.] * 8,
    sigmas=[])
