# MetaCloth's PPNet for benchmark B1 (Algorithm 3, section 4.2): over tasks
# of the six seen categories (train split), PPNet predicts the detectors of
# the task's landmarks from the support's landmark-level features of the
# base FENet (frozen: the base model M's); its loss is on the query through
# the same FENet. 40,000 tasks, learning rate 0.002 x0.1 at task 20,000,
# plain gradient descent (Algorithm 3, line 6). Ours: 3 support images per
# task (Figure 1's "3 shot"; the paper gives no K for meta-training), 8
# queries, one task per update. The test (tools/test.py) is the ablation
# Base-FEN: unseen categories (validation split), 700 episodes (100 per
# category), 24 queries, 1 / 3 / 5 / 8 / 10 shots. Train the base model
# first (base-model_res50_deepfashion2-b1-384x384.py); its checkpoint starts
# both FENets and gives the base detectors that make the meta-training
# label maps (docs/methods/metacloth.md).
_base_ = [
    '../_base_/default_runtime.py', '../_base_/pipelines/topdown_box-crop.py'
]

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

benchmark = 'B1'
seen_categories = (1, 4, 5, 6, 7, 9)
base_checkpoint = ('work_dirs/base-model_res50_deepfashion2-b1-384x384/'
                   'epoch_20.pth')
input_size = (384, 384)
codec = dict(
    type='MSRAHeatmap', input_size=input_size, heatmap_size=(48, 48),
    sigma=2)
fenet = dict(
    type='FeatureExtractionNet',
    backbone=dict(type='ResNet', depth=50),
    neck=dict(type='ConvDeconvNeck', in_channels=2048))

model = dict(
    type='MetaCloth',
    stage='ppnet',
    fenet=fenet,
    ppnet=dict(type='ParameterPredictionNet', channels=512),
    codec=codec,
    seen_categories=seen_categories,
    adaptation=dict(steps=12, lr=0.01, first_order=False),
    base_checkpoint=base_checkpoint,
    data_preprocessor=dict(
        type='EpisodeDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True))

max_tasks = 40000
train_cfg = dict(_delete_=True, type='MetaTrainLoop', max_tasks=max_tasks,
                 val_interval=max_tasks)
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.002))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=False, milestones=[20000], gamma=0.1)
]
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(by_epoch=False, interval=5000, max_keep_ckpts=1))
log_processor = dict(by_epoch=False)

# one item per garment: its box stretched to the input, its category's
# landmarks (labelled ones, occluded or not, as in the meta-test)
episode_pipeline = [
    *_base_.load_transforms,
    dict(type='KeepCategoryLandmarks'),
    dict(type='GetBBoxCenterScale', padding=1.0),
    dict(type='TopdownBoxResize', input_size=input_size),
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
data_root = 'data/deepfashion2/'
items = dict(
    type='DeepFashion2Dataset',
    data_root=data_root,
    data_mode='topdown',
    data_prefix=dict(img=''),
    pipeline=episode_pipeline)
episode_loader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    collate_fn=dict(type='episode_collate'))
train_dataloader = dict(
    episode_loader,
    dataset=dict(
        type='EpisodicDataset',
        dataset=dict(items, ann_file='annotations/deepfashion2_train.json'),
        benchmark=benchmark,
        split='seen',
        shots=3,
        num_queries=8,
        num_episodes=max_tasks))
val_cfg = None
val_dataloader = None
val_evaluator = None
test_dataloader = dict(
    episode_loader,
    dataset=dict(
        type='EpisodicDataset',
        dataset=dict(
            items, ann_file='annotations/deepfashion2_validation.json'),
        benchmark=benchmark,
        split='unseen',
        shots=1,
        num_queries=24,
        num_episodes=700))
test_cfg = dict(_delete_=True, type='EpisodicTestLoop',
                shots=(1, 3, 5, 8, 10))
test_evaluator = dict(type='EpisodicLandmarkMetric')
