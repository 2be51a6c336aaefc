# mmpose's top-down heatmap baseline (ResNet-18 + HeatmapHead + MSRA heatmaps)
# on the FLD-format split of the synthetic garment set, the embedded default
# data (`make data`): generate it with tools/misc/generate_synthfashion.py and
# convert it with tools/dataset_converters/fld_to_coco.py (docs/datasets.md).
# Sized to train in a few minutes on 2 CPU cores; no ImageNet download.
_base_ = [
    '../_base_/default_runtime.py', '../_base_/dataloaders/fld_topdown.py',
    '../_base_/pipelines/topdown_box-crop.py'
]

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
    checkpoint=dict(
        type='CrashSafeCheckpointHook', interval=4, max_keep_ckpts=1))

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

# pipelines: ../_base_/pipelines/topdown_box-crop.py around this codec's
# crop and targets
affine = dict(type='TopdownAffine', input_size=codec['input_size'])
train_pipeline = [
    *_base_.train_transforms, affine,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.val_transforms, affine, _base_.pack_inputs]

# data: the synthetic set's FLD layout
# (../_base_/dataloaders/fld_topdown.py)
data_root = 'data/synthfashion/fld/'
train_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_root=data_root, pipeline=val_pipeline))
test_dataloader = val_dataloader
