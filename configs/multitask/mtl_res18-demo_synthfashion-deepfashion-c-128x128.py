# The attribute model of `make demo` (docs/inference.md): the small
# multi-task model mtl_res18_synthfashion-deepfashion-c-128x128.py trained
# on the DeepFashion layout of data/synthfashion/ (800 training images,
# the set `make demo` generates) for 20 epochs instead of 12 epochs of
# 6,000 images, so that `make demo` stays under 15 minutes on 2 CPU cores
# (ours: a demo-size variant, about 4 minutes; its category and attributes
# are less accurate than the small model's, docs/inference.md gives its
# numbers). Validated once, at the end.
_base_ = ['./mtl_res18_synthfashion-deepfashion-c-128x128.py']

max_epochs = 20
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_epochs, T_max=max_epochs)
]
default_hooks = dict(checkpoint=dict(interval=max_epochs))

data_root = 'data/synthfashion/deepfashion/'
train_dataloader = dict(dataset=dict(datasets=dict(data_root=data_root)))
val_dataloader = dict(dataset=dict(datasets=dict(data_root=data_root)))
test_dataloader = dict(dataset=dict(datasets=dict(data_root=data_root)))
