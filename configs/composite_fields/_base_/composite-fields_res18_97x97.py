# Composite fields (PifPaf, Kreiss et al. CVPR 2019; the DeepFashion study,
# docs/methods/composite_fields.md) at small scale, for the synthetic
# garment set on 2 CPU cores: a ResNet-18 from scratch at stride 16 (its last
# stage unstrided), a 1x1 conv to the CIF and CAF fields, PixelShuffle(2) to
# stride 8, 97 x 97 inputs (13 x 13 cells), mmpose's bottom-up estimator.
# The configs of configs/composite_fields/ add the data (a bottom-up
# dataloader, which sets data_mode = 'bottomup': MMPoseInferencer then runs
# no detector) and the skeleton:
#   codec = dict(_base_.codec, skeleton=..., num_keypoints=...)
#   model = dict(head=dict(decoder=codec))
_base_ = ['../../_base_/default_runtime.py']

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

# runtime: 40 epochs of the synthetic set's 800 training images take about
# 15 minutes on 2 CPU cores
max_epochs = 40
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=10)
# the source study found Adam at 1e-4 more stable than 1e-5 on DeepFashion;
# from scratch on the small synthetic set a larger step trains in minutes
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3),
    # OpenPifPaf's practice against loss explosions (docs/methods/...)
    clip_grad=dict(max_norm=10.0))
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
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=10, max_keep_ckpts=1))

# the configs' dataloaders: on 2 CPU cores the training process is fastest
# alone, dataloader workers compete with torch's threads for the cores
# (0.43 s an iteration without workers, 0.56 s with 2, measured)
cpu_loader = dict(num_workers=0, persistent_workers=False)

# the fields: stride 8 on inputs of 8 * 12 + 1 pixels
codec = dict(type='CompositeFields', input_size=(97, 97), stride=8)

model = dict(
    type='BottomupPoseEstimator',
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        type='ResNet',
        depth=18,
        strides=(1, 2, 2, 1),
        out_indices=(3, ),
        # OpenPifPaf's BatchNorm settings against loss explosions
        norm_cfg=dict(type='BN', eps=1e-3, momentum=0.01)),
    head=dict(
        type='CompositeFieldsHead',
        in_channels=512,
        decoder=codec),
    test_cfg=dict(flip_test=True))
