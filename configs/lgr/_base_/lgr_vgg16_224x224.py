# LGR of Yu et al., CVPR 2019, "Layout-graph reasoning for fashion landmark
# detection" (https://arxiv.org/abs/1910.01923), at the paper's size: VGG-16
# features, 4 stacked Layout-Graph Reasoning layers before conv block 5, a
# 1x1 conv + sigmoid to heatmaps, MSE loss; 224x224 crops from the boxes
# (scale, rotation and flip augmentation), Adam lr 1e-3, batch 16. The dataset
# bases add the data; the configs in configs/lgr/ pick the ablation.
#
# Model, mapped to the code (docs/methods/lgr.md):
# - backbone: LGRVGG, mmpose's VGG-16 (ImageNet weights) with an LGRStack in
#   front of conv block 5 (lgr_before_stage=4, stride 16, 512 channels).
# - LGRStack: 4 LayoutGraphReasoning layers (Map-to-Node, graph reasoning,
#   clustering leaf -> clothes-part -> body-part -> root, deconvolution back
#   with skip additions, Node-to-Map, residual), a PyramidFeatureModule
#   between consecutive layers; the layout graph is data, declared next to
#   the dataset metainfo (configs/_base_/datasets/*_layout_graph.py).
# - head: SigmoidHeatmapHead. The paper does not give its heatmap size; the
#   stride-16 block 5 output (14x14) is too coarse for landmarks, so two
#   deconv layers bring it to stride 4 (56x56) before the 1x1 conv + sigmoid.
# - model: LGRPoseEstimator checks at build time that the graph's leaves are
#   the dataset's landmarks (count and order, from `metainfo`).
# The schedule beyond the paper's optimiser (epochs, decay) is ours.
_base_ = ['../../_base_/default_runtime.py']

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

# the layout graph of the dataset's landmarks (model.metainfo names them)
layout_graph = dict(
    from_file='{{ fileDirname }}/../../_base_/datasets/'
    'deepfashion_full_layout_graph.py')
num_landmarks = 8

# runtime
max_epochs = 30
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=5)
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [
    dict(type='LinearLR', begin=0, end=500, start_factor=0.001,
         by_epoch=False),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        milestones=[20, 25],
        gamma=0.1,
        by_epoch=True)
]
# the paper's batch of 16 in total; --auto-scale-lr adapts lr to another one
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(
    checkpoint=dict(save_best='NE', rule='less', max_keep_ckpts=1))

# codec settings
codec = dict(
    type='MSRAHeatmap', input_size=(224, 224), heatmap_size=(56, 56), sigma=2)

# model settings
model = dict(
    type='LGRPoseEstimator',
    metainfo=dict(
        from_file='{{ fileDirname }}/../../_base_/datasets/'
        'deepfashion_full.py'),
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        type='LGRVGG',
        depth=16,
        lgr_before_stage=4,
        lgr=dict(
            type='LGRStack',
            layout_graph=layout_graph,
            num_stacks=4,
            node_channels=128),
        # ImageNet initialisation for real users (downloaded by init_weights)
        init_cfg=dict(
            type='Pretrained',
            prefix='backbone.',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'vgg/vgg16_batch256_imagenet_20210208-db26f1a5.pth')),
    head=dict(
        type='SigmoidHeatmapHead',
        in_channels=512,
        out_channels=num_landmarks,
        deconv_out_channels=(256, 256),
        deconv_kernel_sizes=(4, 4),
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))

# pipelines
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='GetBBoxCenterScale', padding=1.25),
    dict(type='RandomFlip', direction='horizontal'),
    dict(
        type='RandomBBoxTransform',
        shift_factor=0.,
        rotate_factor=30,
        scale_factor=(0.75, 1.25)),
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
