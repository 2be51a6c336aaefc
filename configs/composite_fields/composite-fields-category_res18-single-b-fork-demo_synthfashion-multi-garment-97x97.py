# The garment detector of `make demo` (docs/inference.md): the small joint
# model composite-fields-category_res18-single-b-fork_synthfashion-multi-
# garment-97x97.py (composite fields, category field, fork normalisation;
# the synthetic multi-garment images of data/synthfashion/, 13 DeepFashion2
# categories) trained for 16 epochs instead of 40, so that `make demo`
# stays under 15 minutes on 2 CPU cores (ours: a demo-size variant, about 5
# minutes; it finds and names garments less well than the 40-epoch model,
# docs/inference.md gives its numbers). Validated once, at the end.
_base_ = [
    './composite-fields-category_res18-single-b-fork_'
    'synthfashion-multi-garment-97x97.py'
]

max_epochs = 16
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_epochs, T_max=max_epochs)
]
default_hooks = dict(checkpoint=dict(interval=max_epochs))
