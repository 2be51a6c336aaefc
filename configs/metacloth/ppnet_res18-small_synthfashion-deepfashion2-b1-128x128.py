# MetaCloth's PPNet stage for benchmark B1 at small scale, a variant of
# ppnet_res50_deepfashion2-b1-384x384.py for the synthetic set on 2 CPU
# cores: the small base model's FENet (ResNet-18 from scratch, a 128-channel
# neck, 128 x 128 items, heatmaps 16 x 16), 1,000 tasks with Adam 1e-3
# (x0.1 at 500; the paper: 40,000 with gradient descent at 0.002); the test
# on 10 episodes per unseen category of 8 queries, 1 and 5 shots. Its test
# is Base-FEN. After base-model_res18-small_synthfashion-deepfashion2-b1-
# 128x128.py; the whole B1 pipeline is tools/few_shot/run_b1_synthetic.sh.
_base_ = ['./ppnet_res50_deepfashion2-b1-384x384.py']

input_size = (128, 128)
codec = dict(
    _base_.codec, input_size=input_size, heatmap_size=(16, 16), sigma=1)
model = dict(
    fenet=dict(
        backbone=dict(depth=18),
        neck=dict(in_channels=512, out_channels=128, num_convs=2)),
    ppnet=dict(channels=128, hidden_channels=128),
    codec=codec,
    adaptation=dict(steps=3, lr=1.0),
    base_checkpoint='work_dirs/base-model_res18-small_synthfashion-'
    'deepfashion2-b1-128x128/epoch_10.pth')

max_tasks = 1000
train_cfg = dict(max_tasks=max_tasks, val_interval=max_tasks)
optim_wrapper = dict(optimizer=dict(_delete_=True, type='Adam', lr=1e-3))
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=False, milestones=[500], gamma=0.1)
]
default_hooks = dict(logger=dict(interval=50),
                     checkpoint=dict(interval=max_tasks))

episode_pipeline = [
    *_base_.load_transforms,
    dict(type='KeepCategoryLandmarks'),
    dict(type='GetBBoxCenterScale', padding=1.0),
    dict(type='TopdownBoxResize', input_size=input_size),
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
items = dict(
    data_root='data/synthfashion-deepfashion2-3000/deepfashion2/',
    pipeline=episode_pipeline)
# dataloader workers compete with torch's threads on 2 cores
cpu_loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    cpu_loader, dataset=dict(dataset=items, num_episodes=max_tasks))
test_dataloader = dict(
    cpu_loader,
    dataset=dict(dataset=items, num_queries=8, num_episodes=70))
test_cfg = dict(shots=(1, 5))
