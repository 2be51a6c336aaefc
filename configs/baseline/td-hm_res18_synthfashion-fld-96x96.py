# mmpose's top-down heatmap baseline (ResNet-18 + HeatmapHead + MSRA heatmaps)
# on the FLD-format split of the synthetic garment set, the embedded default
# data (`make demo`): generate it with tools/misc/generate_synthfashion.py and
# convert it with tools/dataset_converters/fld_to_coco.py (docs/datasets.md).
# Sized to train in a few minutes on 2 CPU cores; no ImageNet download.
_base_ = ['../_base_/default_runtime.py']

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

# runtime
max_epochs = 12
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=4)

# optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=2e-3))

# learning policy
param_scheduler = [
    dict(type='LinearLR', begin=0, end=100, start_factor=0.01,
         by_epoch=False),
    dict(
        type='CosineAnnealingLR',
        begin=0,
        end=max_epochs,
        T_max=max_epochs,
        eta_min=1e-5,
        by_epoch=True)
]

default_hooks = dict(
    logger=dict(type='LoggerHook', interval=20),
    checkpoint=dict(type='CheckpointHook', interval=4, max_keep_ckpts=1))

# codec settings
codec = dict(
    type='MSRAHeatmap', input_size=(96, 96), heatmap_size=(24, 24), sigma=1.5)

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
        deconv_out_channels=(128, 128, 128),
        deconv_kernel_sizes=(4, 4, 4),
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))

# base dataset settings
dataset_type = 'DeepFashionDataset'
data_mode = 'topdown'
data_root = 'data/synthfashion/fld/'
metainfo = dict(
    from_file='{{ fileDirname }}/../_base_/datasets/deepfashion_full.py')

# pipelines
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='GetBBoxCenterScale', padding=1.25),
    dict(type='RandomFlip', direction='horizontal'),
    dict(
        type='RandomBBoxTransform',
        shift_factor=0.08,
        rotate_factor=15,
        scale_factor=(0.85, 1.15)),
    dict(type='TopdownAffine', input_size=codec['input_size']),
    dict(type='GenerateTarget', encoder=codec),
    dict(type='PackPoseInputs')
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='GetBBoxCenterScale', padding=1.25),
    dict(type='TopdownAffine', input_size=codec['input_size']),
    dict(type='PackPoseInputs')
]

# data loaders
train_dataloader = dict(
    batch_size=32,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        subset='full',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='annotations/fld_train.json',
        data_prefix=dict(img=''),
        pipeline=train_pipeline,
    ))
val_dataloader = dict(
    batch_size=32,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type=dataset_type,
        subset='full',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='annotations/fld_val.json',
        data_prefix=dict(img=''),
        test_mode=True,
        pipeline=val_pipeline,
    ))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'], ann_file='annotations/fld_test.json'))

# evaluators: the literature's normalised error, per landmark
val_evaluator = dict(type='FashionNEMetric', norm_mode='image')
test_evaluator = val_evaluator
