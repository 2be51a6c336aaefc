# SANL-FPN (Li et al., ICME 2019) at small scale, for the synthetic garment
# set on 2 CPU cores: the SANL(all) CoarseNet of sanl-fpn_res101_320x320.py
# with a ResNet-18 SANL backbone (from scratch here; the synthetic dataset
# base starts it from the AttentionNet's ResNet-18), 128x128 inputs, stride-4
# (32x32) heatmaps, narrower FPN / head layers and Adam; the AttentionNet is
# the same ResNet-18 classifier (_base_/attention-net_res18.py). The dataset
# base adds the data and the classifier checkpoint; the configs in
# configs/sanl/ pick the ablation (Base, NL, SANL(all), +C2F).
_base_ = [
    '../../_base_/default_runtime.py', './sanl-fpn.py',
    '../../_base_/pipelines/topdown_box-crop.py'
]

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

# runtime: the CoarseNet stage. On 2 CPU cores an iteration of 32 images takes
# about 1.45 s for SANL(all), 1.1 s for NL, 1.0 s for Base; with 25
# iterations per epoch (the default 1000-image set, 800 for training) 20
# epochs take about 14 minutes for SANL(all).
max_epochs = 20
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=5)

optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [
    dict(type='LinearLR', begin=0, end=50, start_factor=0.1,
         by_epoch=False),
    dict(
        type='CosineAnnealingLR',
        begin=0,
        end=max_epochs,
        T_max=max_epochs,
        eta_min=1e-5,
        by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=32)

# the last checkpoint is what the C2F stage starts from
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=10),
    checkpoint=dict(
        type='CrashSafeCheckpointHook', interval=5, max_keep_ckpts=1))

# codec settings: the paper-size sigmas (4 and 2 heatmap pixels at 80x80)
# scaled to the 32x32 heatmaps, the fine one kept at one heatmap pixel
codec = dict(
    type='CoarseFineHeatmap',
    input_size=(128, 128),
    heatmap_size=(32, 32),
    coarse_sigma=2.,
    fine_sigma=1.)

# model settings (the rest in sanl-fpn.py)
model = dict(
    backbone=dict(
        depth=18),
    neck=dict(in_channels=[64, 128, 256, 512], out_channels=64),
    head=dict(
        in_channels=64,
        level_channels=32,
        aspp_channels=64,
        # the paper-size dilations (1, 6, 12, 18) at 80x80, scaled to 32x32
        aspp_dilations=(1, 2, 5, 7),
        decoder=codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=False))

# pipelines: ../../_base_/pipelines/topdown_box-crop.py around this codec's
# crop and targets
affine = dict(type='TopdownAffine', input_size=codec['input_size'])
train_pipeline = [
    *_base_.train_transforms, affine,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.val_transforms, affine, _base_.pack_inputs]
