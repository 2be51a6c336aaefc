# Composite fields at paper size (seed 003, section 4: OpenPifPaf's CIF /
# CAF heads on a ResNet-50; docs/methods/composite_fields.md): ResNet-50 at
# stride 16 (its last stage unstrided), a 1x1 conv to the fields and
# PixelShuffle(2) to stride 8, mmpose's bottom-up estimator. The paper's
# settings where it gives them (section 4.2.2, appendix 7.2): learning rate
# 1e-4 (1e-5 exploded more often), 200 epochs on the landmark subset,
# momentum 0.95 and weight decay 1e-5 (its classification model, section
# 5.2). Ours, where it gives none: SGD with Nesterov momentum, the 385 x 385
# input (8 * 48 + 1), batch 8 per GPU, the step decay x0.1 at epochs 150
# and 180, the ImageNet initialisation of the
# backbone, gradient clipping at 10, BatchNorm eps 1e-3 / momentum 0.01 and
# a warm-up (OpenPifPaf's practice against the loss explosions of section
# 4.2.2). The configs of configs/composite_fields/ add the data and the
# skeleton:
#   codec = dict(_base_.codec, skeleton=..., num_keypoints=...)
#   model = dict(head=dict(decoder=codec))
_base_ = ['../../_base_/default_runtime.py']

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

max_epochs = 200
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=10)
optim_wrapper = dict(
    optimizer=dict(
        type='SGD',
        lr=1e-4,
        momentum=0.95,
        nesterov=True,
        weight_decay=1e-5),
    clip_grad=dict(max_norm=10.0))
param_scheduler = [
    dict(type='LinearLR', begin=0, end=500, start_factor=0.001,
         by_epoch=False),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        milestones=[150, 180],
        gamma=0.1,
        by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=8)
default_hooks = dict(checkpoint=dict(interval=10, max_keep_ckpts=3))

codec = dict(type='CompositeFields', input_size=(385, 385), stride=8)

model = dict(
    type='BottomupPoseEstimator',
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        type='ResNet',
        depth=50,
        strides=(1, 2, 2, 1),
        out_indices=(3, ),
        norm_cfg=dict(type='BN', eps=1e-3, momentum=0.01),
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50')),
    head=dict(
        type='CompositeFieldsHead',
        in_channels=2048,
        decoder=codec),
    test_cfg=dict(flip_test=True))
