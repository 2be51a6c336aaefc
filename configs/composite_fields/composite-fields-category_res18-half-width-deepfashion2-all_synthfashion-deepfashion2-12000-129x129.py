# The half-width all-category DeepFashion2 model of
# composite-fields_res18-half-width-deepfashion2-all_synthfashion-deepfashion2-12000-129x129.py
# joined with the category field as
# composite-fields-category_res18-deepfashion2-all_synthfashion-deepfashion2-129x129.py
# joins the full-width one (seed 003's joint model, section 5.2, with a
# category per garment read over its box, ours): a detector of every
# DeepFashion2 category with its category scores (e.g. for
# mmfashion_lm.apis.FashionInferencer). Same data, schedule and decoder
# thresholds as the half-width model; docs/methods/composite_fields.md
# reports both.
_base_ = [
    './composite-fields-category_res18-deepfashion2-all_synthfashion-'
    'deepfashion2-129x129.py'
]

model = dict(
    backbone=dict(stem_channels=32, base_channels=32),
    head=dict(
        landmark_head=dict(in_channels=256),
        category_head=dict(in_channels=256)))

# 4 epochs of the 12,000-image set's 9,600 training images
max_epochs = 4
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_epochs, T_max=max_epochs)
]
default_hooks = dict(checkpoint=dict(interval=max_epochs))

data_root = 'data/synthfashion-deepfashion2-12000/deepfashion2/'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root, indices=600))
test_dataloader = val_dataloader
