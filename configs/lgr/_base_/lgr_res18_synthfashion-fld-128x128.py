# LGR at small scale, for the FLD layout of the synthetic garment set on 2
# CPU cores: the model of lgr_vgg16_224x224.py with a ResNet-18 trained from
# scratch instead of an ImageNet VGG-16 (about 8x fewer FLOPs), 4 stacked LGR
# layers before its last stage (stride 16, 256 channels, 8x8 positions at
# 128x128), three deconv layers to stride-4 (32x32) heatmaps, a 1x1 conv
# and the MSE loss. The configs in configs/lgr/ pick
# the row of docs/methods/lgr.md (baseline, 2 plain GCN layers, 1 and 4 LGR
# stacks). Generate and convert the data first (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion
#   python tools/dataset_converters/fld_to_coco.py \
#       --root data/synthfashion/fld \
#       --out-dir data/synthfashion/fld/annotations
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/dataloaders/fld_topdown.py',
    '../../_base_/pipelines/topdown_box-crop.py'
]

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

layout_graph = dict(
    from_file='{{ fileDirname }}/../../_base_/metainfo/'
    'deepfashion_full_layout_graph.py')

# runtime
max_epochs = 20
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=5)
optim_wrapper = dict(optimizer=dict(type='Adam', lr=2e-3))
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
auto_scale_lr = dict(base_batch_size=32)
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=5, max_keep_ckpts=1))

# codec settings
codec = dict(
    type='MSRAHeatmap', input_size=(128, 128), heatmap_size=(32, 32), sigma=2)

# the graph module: 4 stacked LGR layers before res layer 4 (stride 16),
# without the orthogonality penalty
lgr_stack = dict(
    type='LGRStack', layout_graph=layout_graph, num_stacks=4, node_channels=64)
lgr_plugin = dict(cfg=lgr_stack, stage=3, position='before')

# model settings
model = dict(
    type='LGRPoseEstimator',
    metainfo=dict(
        from_file='{{ fileDirname }}/../../_base_/metainfo/'
        'deepfashion_full.py'),
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        type='PluginResNet',
        depth=18,
        plugins=[lgr_plugin]),
    # linear heatmaps, not the paper's sigmoid: trained from scratch with
    # the MSE loss, sigmoid outputs first collapse to the background and then
    # learn the peaks slowly (val NE .51 after 5 epochs, docs/methods/lgr.md)
    head=dict(
        type='HeatmapHead',
        in_channels=512,
        out_channels=8,
        deconv_out_channels=(128, 128, 128),
        deconv_kernel_sizes=(4, 4, 4),
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))

# pipelines: ../../_base_/pipelines/topdown_box-crop.py around this codec's
# crop and targets
affine = dict(type='TopdownAffine', input_size=codec['input_size'])
train_pipeline = [
    *_base_.train_transforms, affine,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.val_transforms, affine, _base_.pack_inputs]

# data: the synthetic set's FLD layout
# (../../_base_/dataloaders/fld_topdown.py)
data_root = 'data/synthfashion/fld/'
train_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_root=data_root, pipeline=val_pipeline))
test_dataloader = val_dataloader
