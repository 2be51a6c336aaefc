# LGR of Yu et al., CVPR 2019, "Layout-graph reasoning for fashion landmark
# detection" (https://arxiv.org/abs/1910.01923), at the paper's size. The
# dataset bases (lgr_vgg16_fld-224x224.py, lgr_vgg16_deepfashion-c-224x224.py)
# add the data and the dataset's schedule; the configs in configs/lgr/ pick
# the ablation. docs/methods/lgr.md lists every setting with its source.
#
# From the paper (Sec. 4.1):
# - VGG-16 with 4 stacked LGR layers, trained "without any pre-trained
#   models": no init_cfg of type Pretrained, no load_from (the *imagenet*
#   configs start VGG-16 from ImageNet weights instead, with
#   `imagenet_vgg16` below);
# - images cropped by their labelled boxes and resized to 224x224; scaling,
#   rotation and flipping augmentation;
# - Adam, lr 1e-3, betas (0.9, 0.999), batch 16 images;
# - lr x0.1 every 20 epochs (FLD) / 10 epochs (DeepFashion), training
#   stopped when the validation NE no longer improves (EarlyStoppingHook);
# - 1x1 conv + sigmoid to heatmaps, MSE loss.
# - W_p^T W_p = I (Sec. 3.3.2), kept by the orthogonality penalty.
# Ours (the paper gives none): the amounts of augmentation, the heatmap
# size (two deconv layers to stride 4) and sigma, the node width, the
# pyramid feature module, the penalty's weight, the epoch cap, early
# stopping's patience and min_delta, validation every epoch, flip test,
# training and evaluating on the visible landmarks only.
#
# Model, mapped to the code (docs/methods/lgr.md):
# - backbone: PluginVGG, mmpose's VGG-16 with an LGRStack plugin in front of
#   conv block 5 (stage=4, position='before': stride 16, 512 channels).
# - LGRStack: 4 LayoutGraphReasoning layers (Map-to-Node, graph reasoning,
#   clustering leaf -> clothes-part -> body-part -> root, deconvolution back
#   with skip additions, Node-to-Map, residual), a PyramidFeatureModule
#   between consecutive layers; the layout graph is data, declared next to
#   the dataset metainfo (configs/_base_/metainfo/*_layout_graph.py).
# - head: SigmoidHeatmapHead, two deconv layers (stride 16 -> 4, 56x56) then
#   the 1x1 conv + sigmoid.
# - model: LGRPoseEstimator checks at build time that the graph's leaves are
#   the dataset's landmarks (count and order, from `metainfo`); its loss
#   (TopdownLandmarkDetector's) adds the LGR layers' extra loss, loss_orth =
#   orthogonality_weight * sum ||W_p^T W_p - I||_F^2.
_base_ = [
    '../../_base_/default_runtime.py',
    '../../_base_/pipelines/topdown_box-crop.py'
]

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

# the layout graph of the dataset's landmarks (model.metainfo names them)
layout_graph = dict(
    from_file='{{ fileDirname }}/../../_base_/metainfo/'
    'deepfashion_full_layout_graph.py')
num_landmarks = 8

# runtime: the dataset bases set max_epochs, the scheduler's step_size and
# early stopping's patience (the paper's decay period differs by dataset)
train_cfg = dict(by_epoch=True, val_interval=1)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.9, 0.999), weight_decay=0.))
# no warm-up: the paper starts at lr 1e-3
param_scheduler = dict(type='StepLR', gamma=0.1, by_epoch=True)
# the paper's batch of 16 in total; --auto-scale-lr adapts lr to another one
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(
    checkpoint=dict(save_best='NE', rule='less', max_keep_ckpts=1),
    # "We stop training when no improvements on the validation set": the
    # FashionNEMetric's 'NE' (lower is better); an improvement is a drop of
    # at least 1e-4, the last digit the paper reports NE to (Tables 1-2);
    # strict: a run whose validation logs no 'NE' fails instead of never
    # stopping
    early_stopping=dict(
        type='EarlyStoppingHook',
        monitor='NE',
        rule='less',
        min_delta=1e-4,
        strict=True))

# codec settings
codec = dict(
    type='MSRAHeatmap', input_size=(224, 224), heatmap_size=(56, 56), sigma=2)

# the 4 stacked LGR layers (Sec. 4.1)
lgr_stack = dict(
    type='LGRStack',
    layout_graph=layout_graph,
    num_stacks=4,
    node_channels=128,
    # W_p^T W_p = I (Sec. 3.3.2) as a penalty; the paper gives no weight.
    # Ours: 1, the heatmap loss's weight. The penalty is 0 at the
    # initialisation and quadratic in the violation; at weight 1 a violation
    # of 0.007 per entry of W_p^T W_p - I (84 entries over 4 stacks x 3
    # levels) costs as much as the heatmap MSE of an all-background
    # prediction (0.004): the penalty outweighs the heatmap loss as soon as
    # W_p drifts that far (docs/methods/lgr.md)
    orthogonality_weight=1.)
# before conv block 5 (stride 16, 512 channels)
lgr_plugin = dict(cfg=lgr_stack, stage=4, position='before')

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
    # random initialisation (mmpose's VGG: Kaiming convs; the graph layers
    # their own, see docs/methods/lgr.md)
    # block 5 runs after pool4 (with_last_pool=False): stride 16
    backbone=dict(
        type='PluginVGG',
        depth=16,
        out_indices=(4, ),
        with_last_pool=False,
        plugins=[lgr_plugin]),
    head=dict(
        type='SigmoidHeatmapHead',
        in_channels=512,
        out_channels=num_landmarks,
        deconv_out_channels=(256, 256),
        deconv_kernel_sizes=(4, 4),
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))

# Variants shared by the FLD and DeepFashion-C configs, as values to put in
# place (a config changes the stack by giving the backbone a new plugins
# list, e.g. [dict(_base_.lgr_plugin, cfg=dict(_base_.lgr_stack,
# num_stacks=1))]; `_delete_=True`: mmengine replaces a dict instead of
# merging it):
# - ImageNet VGG-16 weights, for the *imagenet* configs only
imagenet_vgg16 = dict(
    type='Pretrained',
    prefix='backbone.',
    checkpoint='https://download.openmmlab.com/mmclassification/v0/'
    'vgg/vgg16_batch256_imagenet_20210208-db26f1a5.pth')
# - the plain-GCN ablation: Map-to-Node, graph convolutions over the leaf
#   graph, Node-to-Map, in place of the LGR stack (no W_p, no penalty)
gcn_stack = dict(
    type='GCNStack',
    layout_graph=layout_graph,
    num_layers=4,
    node_channels=128)
# - VGG-16 without any graph layer (Table 2's "VGG16" row): the same
#   backbone, head and test settings, no LGR stack
no_graph_model = dict(
    _delete_=True,
    type='TopdownLandmarkDetector',
    metainfo=model['metainfo'],
    data_preprocessor=model['data_preprocessor'],
    backbone=dict(model['backbone'], plugins=[]),
    head=model['head'],
    test_cfg=model['test_cfg'])

# pipelines: ../../_base_/pipelines/topdown_box-crop.py around this codec's
# crop and targets, with the box itself as the crop (padding 1.0;
# TopdownAffine widens its shorter side to the square input instead of
# stretching it) and the paper's augmentation (scaling, rotation, flipping;
# the amounts are ours: no shift, rotations up to 30 degrees, scales 0.75 to
# 1.25); trained and evaluated on the visible landmarks (docs/metrics.md; the
# paper does not say which landmarks count)
box_crop = dict(_base_.box_crop, padding=1.)
box_jitter = dict(
    _base_.box_jitter,
    shift_factor=0.,
    rotate_factor=30,
    scale_factor=(0.75, 1.25))
affine = dict(type='TopdownAffine', input_size=codec['input_size'])
train_pipeline = [
    *_base_.load_transforms, _base_.train_landmarks, box_crop, _base_.flip,
    box_jitter, affine,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
val_pipeline = [*_base_.load_transforms, box_crop, affine, _base_.pack_inputs]
