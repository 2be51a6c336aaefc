# MetaCloth's base model M for benchmark B1 (section 4.2): the base FENet
# (ResNet-50 from ImageNet + ten convolutions and two deconvolutions,
# 512-channel features at stride 8) and one 1 x 1 detector per landmark of
# the six seen categories, 112 together (short sleeve top, long sleeve
# outwear, vest, sling, shorts, skirt), trained supervised on their items of
# the train split, each resized from its box to 384 x 384; 20 epochs,
# learning rate 0.01, x0.1 at epochs 10 and 15. Ours: SGD with momentum 0.9
# (the paper names no optimiser), MSRA heatmaps (sigma 2) at 48 x 48 with
# a visibility-weighted MSE, flips, validation on the seen categories'
# items of the validation split (the unseen ones are the meta-test), NE
# over the square root of the box area. Its FENet starts the PPNet and
# meta-FENet stages (docs/methods/metacloth.md). Data first:
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/deepfashion2 --out-dir data/deepfashion2/annotations
_base_ = [
    '../_base_/default_runtime.py', '../_base_/pipelines/topdown_box-crop.py'
]

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

seen_categories = (1, 4, 5, 6, 7, 9)
num_landmarks = 112
metainfo = dict(
    from_file='{{ fileDirname }}/../_base_/metainfo/deepfashion2_b1_seen.py')
input_size = (384, 384)
codec = dict(
    type='MSRAHeatmap', input_size=input_size, heatmap_size=(48, 48),
    sigma=2)

model = dict(
    type='TopdownLandmarkDetector',
    metainfo=metainfo,
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        type='ResNet',
        depth=50,
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50')),
    neck=dict(type='ConvDeconvNeck', in_channels=2048),
    # no layers of its own: its final 1 x 1 convolution is the detectors
    head=dict(
        type='HeatmapHead',
        in_channels=512,
        out_channels=num_landmarks,
        deconv_out_channels=None,
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))

max_epochs = 20
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=5)
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        milestones=[10, 15],
        gamma=0.1,
        by_epoch=True)
]
default_hooks = dict(checkpoint=dict(interval=5, max_keep_ckpts=1))

# each item its box, stretched to the input (padding 1: the box itself)
box = dict(type='GetBBoxCenterScale', padding=1.0)
resize = dict(type='TopdownBoxResize', input_size=input_size)
train_pipeline = [
    *_base_.load_transforms, _base_.train_landmarks, box, _base_.flip,
    resize,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.load_transforms, box, resize, _base_.pack_inputs]

dataset = dict(
    type='DeepFashion2CategoryDataset',
    category=seen_categories,
    metainfo=metainfo,
    data_root='data/deepfashion2/',
    data_mode='topdown',
    data_prefix=dict(img=''))
train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        dataset,
        ann_file='annotations/deepfashion2_train.json',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        dataset,
        ann_file='annotations/deepfashion2_validation.json',
        test_mode=True,
        pipeline=val_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    type='FashionNEMetric', visibility='visible', norm_mode='area')
test_evaluator = val_evaluator
