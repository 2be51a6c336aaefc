# The multi-task model at small scale, for the synthetic set's DeepFashion
# layout on 2 CPU cores: a half-width ResNet-18 (32 to 256 channels) from
# scratch at 128 x 128, the landmark-driven attention after its second
# stage (stride 8, 16 x 16, as conv4_3 is at 224), stages 3-4 as the
# trunk, averaged (256) into the category and attribute heads (FC 256
# each), R scaled to the input (8 * 128 / 224). Ours: the widths, the
# heatmaps at half the input's resolution (64 x 64), Adam 1e-3 with warm-up
# and cosine decay, batch 16. Otherwise Liu & Lu's framing, losses and
# weights (mtl_vgg16_deepfashion-c-224x224.py). 12 epochs of 6,000 images
# take about 18 minutes on 2 cores. Data first, the DeepFashion layout
# alone, 7,500 images (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py \
#       --out data/synthfashion-deepfashion-7500 --num-images 7500 \
#       --layouts deepfashion --workers 2
#   python tools/dataset_converters/deepfashion_to_coco.py \
#       --root data/synthfashion-deepfashion-7500/deepfashion \
#       --out-dir data/synthfashion-deepfashion-7500/deepfashion/annotations
_base_ = ['./mtl_vgg16_deepfashion-c-224x224.py']

input_size = (128, 128)
# heatmaps at half the input's resolution
codec = dict(_base_.codec, input_size=input_size, heatmap_size=(64, 64),
             radius=8.0 * 128 / 224)
# half the widths of Liu & Lu's landmark branch, as of the backbone, but
# for the last (16, one channel per heatmap and more)
attention = dict(
    _base_.attention,
    branch=dict(
        num_landmarks=8,
        reduce_channels=(32, 32, 32, 64),
        upsample_channels=(32, 16)))
model = dict(
    backbone=dict(
        _delete_=True,
        type='PluginResNet',
        depth=18,
        stem_channels=32,
        base_channels=32,
        out_indices=(3, ),
        plugins=[dict(cfg=attention, stage=1, position='after')]),
    head=dict(
        landmark_head=dict(decoder=codec),
        category_head=dict(in_channels=256, mid_channels=[256]),
        attribute_head=dict(in_channels=256, mid_channels=[256]),
        pooling='avg'))

max_epochs = 12
train_cfg = dict(max_epochs=max_epochs, val_interval=6)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
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
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=6, max_keep_ckpts=1))

resize = dict(type='TopdownBoxResize', input_size=input_size)
train_pipeline = [
    *_base_.load_transforms, _base_.train_landmarks, _base_.box,
    _base_.flip, resize,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.load_transforms, _base_.box, resize,
                _base_.pack_inputs]
data_root = 'data/synthfashion-deepfashion-7500/deepfashion/'
# dataloader workers compete with torch's threads on 2 cores
cpu_loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    cpu_loader,
    batch_size=16,
    dataset=dict(
        datasets=dict(data_root=data_root), pipeline=train_pipeline))
val_dataloader = dict(
    cpu_loader,
    dataset=dict(datasets=dict(data_root=data_root), pipeline=val_pipeline))
test_dataloader = dict(
    cpu_loader,
    dataset=dict(datasets=dict(data_root=data_root), pipeline=val_pipeline))
auto_scale_lr = dict(base_batch_size=16)
