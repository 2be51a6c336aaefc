# MetaCloth's base model M for benchmark B1 at small scale, a variant of
# base-model_res50_deepfashion2-b1-384x384.py for the synthetic set on 2 CPU
# cores: ResNet-18 from scratch at 128 x 128, a neck of two deconvolutions
# and two convolutions at 128 channels (the paper: ten at 512), heatmaps at
# 16 x 16 (stride 8, as the paper's), Adam 1e-3 with a cosine decay over 10
# epochs. Data first, the DeepFashion2 layout alone (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py \
#       --out data/synthfashion-deepfashion2-3000 --num-images 3000 \
#       --layouts deepfashion2 --workers 2
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/synthfashion-deepfashion2-3000/deepfashion2 \
#       --out-dir data/synthfashion-deepfashion2-3000/deepfashion2/annotations
_base_ = ['./base-model_res50_deepfashion2-b1-384x384.py']

input_size = (128, 128)
codec = dict(_base_.codec, input_size=input_size, heatmap_size=(16, 16),
             sigma=1)
model = dict(
    backbone=dict(depth=18, init_cfg=None),
    neck=dict(in_channels=512, out_channels=128, num_convs=2),
    head=dict(in_channels=128, decoder=codec))

max_epochs = 10
train_cfg = dict(max_epochs=max_epochs, val_interval=10)
optim_wrapper = dict(optimizer=dict(_delete_=True, type='Adam', lr=1e-3))
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
default_hooks = dict(checkpoint=dict(interval=10))

resize = dict(type='TopdownBoxResize', input_size=input_size)
train_pipeline = [
    *_base_.load_transforms, _base_.train_landmarks, _base_.box,
    _base_.flip, resize,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.load_transforms, _base_.box, resize,
                _base_.pack_inputs]
data_root = 'data/synthfashion-deepfashion2-3000/deepfashion2/'
# dataloader workers compete with torch's threads on 2 cores
cpu_loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    cpu_loader,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    cpu_loader,
    dataset=dict(data_root=data_root, pipeline=val_pipeline))
test_dataloader = val_dataloader
