# mmpose's top-down heatmap baseline (ResNet-18 + HeatmapHead + MSRA heatmaps)
# on the two real FLD images in ../shared/data/fld_samples/, beside the
# developers' checkout: a fixture of the test suite (it exercises train,
# resume, test, distributed and inference end to end), no benchmark. A clone
# of the repository has no ../shared: users train the same model on the
# synthetic set, td-hm_res18_synthfashion-fld-96x96.py, after `make data`.
# No ImageNet download: the backbone starts at random.
# Its evaluator is mmpose's PCKAccuracy (thr 0.2) / AUC / EPE, not the
# literature's normalised error: it reports PCK, AUC and EPE, not NE
# (FashionNEMetric, docs/metrics.md, is the metric of the FLD and
# DeepFashion-C configs, td-hm_res18_synthfashion-fld-96x96.py among them).
# TopdownLandmarkDetector is mmpose's TopdownPoseEstimator with its
# predictions kept inside the image.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/pipelines/topdown_box-crop.py'
]

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

# runtime
train_cfg = dict(by_epoch=True, max_epochs=40, val_interval=10)

# optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))

# learning policy
param_scheduler = [
    dict(type='LinearLR', begin=0, end=5, start_factor=0.1, by_epoch=False),
    dict(
        type='MultiStepLR',
        begin=0,
        end=40,
        milestones=[25, 35],
        gamma=0.1,
        by_epoch=True)
]

default_hooks = dict(
    logger=dict(type='LoggerHook', interval=1),
    checkpoint=dict(
        type='CrashSafeCheckpointHook', interval=10, save_best=None))

# codec settings
codec = dict(
    type='MSRAHeatmap', input_size=(256, 256), heatmap_size=(64, 64), sigma=2)

# model settings
model = dict(
    type='TopdownLandmarkDetector',
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(type='ResNet', depth=18),
    head=dict(
        type='HeatmapHead',
        in_channels=512,
        out_channels=8,
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))

# base dataset settings
dataset_type = 'DeepFashionDataset'
data_mode = 'topdown'
data_root = '{{ fileDirname }}/../../../shared/data/fld_samples/'
# named here (not only through subset='full') so that init_model and
# MMPoseInferencer find the landmark names without a checkpoint
metainfo = dict(
    from_file='{{ fileDirname }}/../_base_/metainfo/deepfashion_full.py')

# pipelines: ../_base_/pipelines/topdown_box-crop.py around this codec's crop
# and targets, but a tools fixture on two images: it trains on every
# landmark in the picture, occluded ones too, with no shift of the box, so
# that a short run moves the loss clearly (the method configs train on the
# visible ones)
affine = dict(type='TopdownAffine', input_size=codec['input_size'])
train_pipeline = [
    *_base_.load_transforms,
    dict(_base_.train_landmarks, landmarks='in_picture'), _base_.box_crop,
    _base_.flip,
    dict(
        type='RandomBBoxTransform',
        shift_prob=0,
        rotate_factor=20,
        scale_factor=(0.8, 1.2)), affine,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.val_transforms, affine, _base_.pack_inputs]

# data loaders
train_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        subset='full',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='test_fld.json',
        data_prefix=dict(img=''),
        pipeline=train_pipeline,
    ))
val_dataloader = dict(
    batch_size=2,
    num_workers=0,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type=dataset_type,
        subset='full',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='test_fld.json',
        data_prefix=dict(img=''),
        test_mode=True,
        pipeline=val_pipeline,
    ))
test_dataloader = val_dataloader

# evaluators
val_evaluator = [
    dict(type='PCKAccuracy', thr=0.2),
    dict(type='AUC'),
    dict(type='EPE'),
]
test_evaluator = val_evaluator
