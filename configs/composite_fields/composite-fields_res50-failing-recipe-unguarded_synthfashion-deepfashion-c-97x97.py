# composite-fields_res50-failing-recipe_synthfashion-deepfashion-c-97x97.py
# without our measures against loss explosions: no non-finite-loss guard,
# no gradient clipping, no warm-up, PyTorch's BatchNorm defaults (eps 1e-5,
# momentum 0.1). Ours: seed 003 (section 4.2.2) does not say which of these
# its exploding runs had.
_base_ = [
    './composite-fields_res50-failing-recipe_'
    'synthfashion-deepfashion-c-97x97.py'
]

custom_hooks = [dict(type='SyncBuffersHook')]
optim_wrapper = dict(_delete_=True, optimizer=_base_.optim_wrapper.optimizer)
param_scheduler = []
model = dict(backbone=dict(norm_cfg=dict(type='BN', eps=1e-5, momentum=0.1)))
