# The AttentionNet of SANL-FPN at small scale, on the DeepFashion layout of the
# synthetic garment set: ResNet-18 from scratch classifying each garment crop
# at 128x128. The synthetic SANL landmark configs
# (sanl-fpn_res18-*_synthfashion-fld-128x128.py) load its last checkpoint,
# work_dirs/sanl-attention_res18_synthfashion-128x128/epoch_30.pth.
# Sized to train in about 9 minutes on 2 CPU cores (about 0.7 s per
# iteration of 32 crops, 25 iterations per epoch).
#
# Data (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion
#   python tools/dataset_converters/deepfashion_to_coco.py \
#       --root data/synthfashion/deepfashion \
#       --out-dir data/synthfashion/deepfashion/annotations
# The generator labels garments with the real 50-row DeepFashion category list
# and draws 44 of those categories, so the 50-way head of the DeepFashion-C
# classifier (num_categories in _base_/attention-net_res18.py) is kept.
_base_ = ['./sanl-attention_res18_deepfashion-c-224x224.py']

# no ImageNet download: the synthetic models start at random
model = dict(backbone=dict(init_cfg=None))

input_size = 128

max_epochs = 30
train_cfg = dict(max_epochs=max_epochs, val_interval=5)
optim_wrapper = dict(
    optimizer=dict(_delete_=True, type='Adam', lr=1e-3, weight_decay=1e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
         end=50),
    dict(
        type='CosineAnnealingLR',
        by_epoch=True,
        begin=0,
        end=max_epochs,
        T_max=max_epochs,
        eta_min=1e-5)
]
auto_scale_lr = dict(base_batch_size=32)

default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=5, max_keep_ckpts=1))

data_root = 'data/synthfashion/deepfashion/'

# pipelines: those of the DeepFashion-C classifier at this input size (an
# mmengine child's input_size does not reach the pipelines its base built)
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
    batch_size=32,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=32,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
