# MAML, MetaCloth's MAML baseline (section 4.3.2), on the small B1 tasks and
# episodes of ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py: the
# small base model's FENet and 39 learnt detectors (DeepFashion2's largest
# landmark count; zero at the start), 3 inner steps at 1.0 on both, second
# order, 300 tasks with Adam 1e-4: the meta-FENet stage's budget.
_base_ = ['./ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py']

model = dict(
    _delete_=True,
    type='MAMLLandmarkDetector',
    fenet=dict(
        _base_.model.fenet,
        init_cfg=dict(type='Pretrained', checkpoint=_base_.model.
                      base_checkpoint)),
    codec=_base_.codec,
    channels=128,
    num_detectors=39,
    adaptation=dict(steps=3, lr=1.0, first_order=False),
    data_preprocessor=_base_.model.data_preprocessor)
max_tasks = 300
train_cfg = dict(max_tasks=max_tasks, val_interval=max_tasks)
train_dataloader = dict(dataset=dict(num_episodes=max_tasks))
optim_wrapper = dict(optimizer=dict(lr=1e-4))
param_scheduler = []
default_hooks = dict(checkpoint=dict(interval=max_tasks))
