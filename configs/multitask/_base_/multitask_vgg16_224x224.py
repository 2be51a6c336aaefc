# The multi-task garment model of Liu & Lu ("Deep Fashion Analysis with
# Feature Map Upsampling and Landmark-driven Attention", ECCV Workshops
# 2018; seed 002, section 2.5.3 and chapter 3; docs/methods/multitask.md)
# at paper size, without data: VGG-16 (ImageNet weights) whose conv4_3
# features (512 x 28 x 28 at 224 x 224) meet the landmark-driven attention
# (LandmarkDrivenAttention, a backbone plugin before pool4: its landmark
# branch's 8 heatmaps at 224 x 224 drive a small U-Net, features x (1 + A)),
# conv5 as the trunk, pool5 flattened (25088) into a category head (FC
# 1024, 50 logits, softmax cross-entropy, weight 1) and an attribute head
# (FC 1024, 1000 logits, Liu & Lu's weighted two-way cross-entropy, weight
# 20); the landmark heatmaps exp(-d / 16) against a visibility-masked MSE,
# weight 10. The configs of configs/multitask/ add the data.
_base_ = ['../../_base_/default_runtime.py']

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

input_size = (224, 224)
num_categories = 50  # the rows of DeepFashion's list_category_cloth.txt
num_attributes = 1000

codec = dict(
    type='DistanceDecayHeatmap',
    input_size=input_size,
    heatmap_size=input_size,
    radius=8.0)

attention = dict(type='LandmarkDrivenAttention', branch=dict(num_landmarks=8))
landmark_head = dict(
    type='HeatmapHead',
    in_channels=8,
    out_channels=8,
    deconv_out_channels=None,
    final_layer=None,
    loss=dict(type='KeypointMSELoss', use_target_weight=True,
              loss_weight=10.0),
    decoder=codec)
category_head = dict(
    type='StackedLinearClsHead',
    num_classes=num_categories,
    in_channels=512 * 7 * 7,
    mid_channels=[1024],
    loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
    topk=(1, 3, 5))
attribute_head = dict(
    type='StackedMultiLabelClsHead',
    num_classes=num_attributes,
    in_channels=512 * 7 * 7,
    mid_channels=[1024],
    loss=dict(
        type='AttributeCrossEntropyLoss', negative_weight=0.1,
        loss_weight=20.0))
imagenet_vgg16 = dict(
    type='Pretrained',
    prefix='backbone.',
    checkpoint='https://download.openmmlab.com/mmclassification/v0/'
    'vgg/vgg16_batch256_imagenet_20210208-db26f1a5.pth')

model = dict(
    type='TopdownPoseEstimator',
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        type='PluginVGG',
        depth=16,
        num_stages=5,
        out_indices=(4, ),
        plugins=[dict(cfg=attention, stage=3, position='before_pool')],
        init_cfg=imagenet_vgg16),
    head=dict(
        type='MultiTaskGarmentHead',
        landmark_head=landmark_head,
        category_head=category_head,
        attribute_head=attribute_head,
        pooling='flatten'),
    # Liu & Lu test without flip
    test_cfg=dict(flip_test=False))

# Liu & Lu: Adam 1e-4, x0.8 every epoch, 20 epochs, batch 16
max_epochs = 20
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=1)
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4))
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.8, by_epoch=True, begin=0,
         end=max_epochs)
]
auto_scale_lr = dict(base_batch_size=16)
