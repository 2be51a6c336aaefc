# AttentionNet of SANL-FPN (Li et al., ICME 2019, "Spatial-aware non-local
# attention for fashion landmark detection"): ResNet-18 classifying the 50
# DeepFashion-C categories of each garment crop. Its Grad-CAM maps are the
# spatial attention of the SANL landmark models (configs/sanl/sanl-fpn_*),
# which load this config's last checkpoint,
# work_dirs/sanl-attention_res18_deepfashion-c-224x224/epoch_16.pth, into
# their GradCAMAttention module (FLD has no category labels, so the FLD models
# use this DeepFashion-C classifier too).
#
# default_scope is 'mmpretrain' here, unlike every other config of the
# project: the model is an mmpretrain ImageClassifier trained with mmpretrain's
# transforms, loss and Accuracy metric, all registered in mmpretrain's scope.
#
# Train (docs/methods/sanl.md):
#   python tools/train.py \
#       configs/sanl/sanl-attention_res18_deepfashion-c-224x224.py
# Data: data/deepfashion converted by
# tools/dataset_converters/deepfashion_to_coco.py (docs/datasets.md). The
# classifier sees the garment box padded by 1.25 and squared, as the 320x320
# landmark models frame their inputs; 224x224 is the classifier's own
# training size (ResNet-18 is size agnostic; the landmark models run it on
# their 320x320 crops).
_base_ = ['./_base_/sanl-attention_res18.py']

# ImageNet initialisation for real users (downloaded by init_weights)
model = dict(
    backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet18')))

input_size = 224

# schedule: fine-tuning from ImageNet (the paper gives no AttentionNet
# schedule; this is ours)
max_epochs = 16
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=2)
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
         end=500),
    dict(type='MultiStepLR', by_epoch=True, milestones=[10, 14], gamma=0.1)
]
auto_scale_lr = dict(base_batch_size=64)

default_hooks = dict(
    checkpoint=dict(
        type='mmpose.CrashSafeCheckpointHook', interval=2, max_keep_ckpts=3))

# data: every garment of the three clothes-type subsets, one sample each
dataset_type = 'GarmentCategoryDataset'
data_root = 'data/deepfashion/'
category_file = 'Anno/list_category_cloth.txt'
subsets = ('upper', 'lower', 'full')

# pipelines: the pieces of _base_/sanl-attention_res18.py at this input size
train_pipeline = [
    *_base_.crop_garment,
    dict(_base_.random_resized_crop, scale=input_size), _base_.flip,
    _base_.pack_inputs
]
test_pipeline = [
    *_base_.crop_garment,
    dict(type='Resize', scale=(input_size, input_size)), _base_.pack_inputs
]

train_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file=[f'annotations/deepfashion_{s}_train.json' for s in subsets],
        category_file=category_file,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file=[f'annotations/deepfashion_{s}_val.json' for s in subsets],
        category_file=category_file,
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'],
        ann_file=[f'annotations/deepfashion_{s}_test.json' for s in subsets]))

# DeepFashion-C's category benchmark reports top-3 and top-5 accuracy
val_evaluator = dict(type='Accuracy', topk=(1, 3, 5))
test_evaluator = val_evaluator
