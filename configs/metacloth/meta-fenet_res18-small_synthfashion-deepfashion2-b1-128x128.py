# MetaCloth's meta FENet stage for benchmark B1 at small scale, a variant of
# meta-fenet_res50_deepfashion2-b1-384x384.py: 3 inner steps (the paper:
# 12), second order, 300 tasks with Adam 1e-4 (the paper: 40,000 with
# gradient descent at 2e-4), from the small PPNet stage's checkpoint. Its
# test is Algorithm 2 on the small PPNet config's episodes.
_base_ = ['./ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py']

model = dict(stage='meta_fenet', base_checkpoint=None)
load_from = ('work_dirs/ppnet_res18-small_synthfashion-deepfashion2-b1-'
             '128x128/iter_1000.pth')
max_tasks = 300
train_cfg = dict(max_tasks=max_tasks, val_interval=max_tasks)
train_dataloader = dict(dataset=dict(num_episodes=max_tasks))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
param_scheduler = []
default_hooks = dict(checkpoint=dict(interval=max_tasks))
