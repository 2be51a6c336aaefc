# SANL-FPN of Li et al., ICME 2019, "Spatial-aware non-local attention for
# fashion landmark detection" (https://arxiv.org/abs/1903.04104), at the
# paper's size: the SANL(all) CoarseNet with a ResNet-101 backbone, 320x320
# inputs and stride-4 (80x80) heatmaps, trained for 32 epochs with SGD
# (the paper's lr 1e-3, weight decay 5e-4, x0.1 every 10 epochs, batch 32;
# momentum 0.9 is ours, the paper gives none). Every choice the paper leaves
# open is listed, with why, in docs/methods/sanl.md ("Our choices").
# The dataset bases add the data; the configs in configs/sanl/ pick the
# ablation (Base, NL, SANL(32), SANL(all), +C2F, VGG-16).
#
# Model (sanl-fpn.py maps it to the code): SANL(all), ResNet-101, FPN of 256
# channels, ASPP of 256 channels, dilations 1/6/12/18.
# - loss: VisibleWeightedBCELoss, on the heatmaps of visible landmarks only
#   (the train pipeline's SelectTrainingLandmarks); positive weight 10 and
#   division by the batch size are ours (Eq. 4 gives neither).
# - codec: CoarseFineHeatmap; Gaussians of sigma 4 (coarse) and 2 (fine)
#   heatmap pixels (ours: the paper gives no values); decoded by the centroid
#   of the largest connected component of the upsampled heatmap (ours: the
#   threshold, max(0.5 * peak, 0.05), and the value-weighted centroid).
_base_ = [
    '../../_base_/default_runtime.py', './sanl-fpn.py',
    '../../_base_/pipelines/topdown_box-crop.py'
]

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

# runtime: the CoarseNet stage
max_epochs = 32
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=4)

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        milestones=[10, 20, 30],
        gamma=0.1,
        by_epoch=True)
]
# the paper's batch of 32 in total; --auto-scale-lr adapts lr to another one
auto_scale_lr = dict(base_batch_size=32)

# the last checkpoint (epoch_32.pth) is what the C2F stage starts from
default_hooks = dict(
    checkpoint=dict(
        type='CrashSafeCheckpointHook',
        interval=4,
        max_keep_ckpts=2,
        save_best='NE',
        rule='less'))

# codec settings
codec = dict(
    type='CoarseFineHeatmap',
    input_size=(320, 320),
    heatmap_size=(80, 80),
    coarse_sigma=4.,
    fine_sigma=2.)

# model settings (the rest in sanl-fpn.py)
model = dict(
    backbone=dict(
        depth=101,
        # ImageNet initialisation for real users (downloaded by init_weights)
        init_cfg=dict(
            type='Pretrained', checkpoint='torchvision://resnet101')),
    neck=dict(in_channels=[256, 512, 1024, 2048], out_channels=256),
    head=dict(
        in_channels=256,
        level_channels=64,
        aspp_channels=256,
        aspp_dilations=(1, 6, 12, 18),
        decoder=codec),
    # flip test is ours (the paper's inference is one pass; flip_test=False
    # gives it); heatmap flips need no shift under the codec's pixel-centre
    # convention
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=False))

# the VGG-16 variant (the sanl-fpn_vgg16-* configs): VGG-16-BN with a SANL
# block after its stages of stride 4 to 32, in place of the ResNet-101
vgg16_model = dict(
    backbone=dict(
        _delete_=True,
        type='PluginVGG',
        depth=16,
        norm_cfg=dict(type='BN'),
        # stage i has stride 2 ** (i + 1): stages 1-4 give strides 4 to 32
        out_indices=(1, 2, 3, 4),
        plugins=[
            dict(block, stage=block['stage'] + 1)
            for block in _base_.sanl_blocks
        ],
        # ImageNet initialisation for real users (downloaded by init_weights):
        # mmpretrain's VGG-16-BN, whose backbone keys match mmpose's VGG
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'vgg/vgg16_bn_batch256_imagenet_20210208-7e55cd29.pth',
            prefix='backbone.')),
    neck=dict(in_channels=[128, 256, 512, 512]))

# pipelines: ../../_base_/pipelines/topdown_box-crop.py around this codec's
# crop and targets, trained on the visible landmarks (the paper's "Vis",
# Eq. 4, Table 4; not counting occluded ones as visible is ours), with a
# stronger jitter at the paper's size (ours): rotations up to 30 degrees,
# scales 0.75 to 1.25
box_jitter = dict(
    _base_.box_jitter, rotate_factor=30, scale_factor=(0.75, 1.25))
affine = dict(type='TopdownAffine', input_size=codec['input_size'])
train_pipeline = [
    *_base_.load_transforms, _base_.train_landmarks, _base_.box_crop,
    _base_.flip, box_jitter, affine,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.val_transforms, affine, _base_.pack_inputs]
