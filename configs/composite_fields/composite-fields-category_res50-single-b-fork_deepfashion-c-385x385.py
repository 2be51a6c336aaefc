# The joint model of seed 003 (section 5.2): the composite-fields single
# model (skeleton B) plus a category head (a 1x1 conv to one map per
# category, the spatial maximum, softmax, cross-entropy) on the shared
# features, with fork normalisation (T^-0.5, appendix 7.1) between the
# backbone and the heads, on DeepFashion-C (50 categories; its Table 6:
# top-3 89.51, top-5 93.64). The paper's settings: lr 1e-4, momentum 0.95,
# weight decay 1e-5, 150 epochs. Ours: ResNet-50 for its shufflenetv2k30
# (OpenPifPaf's own ShuffleNet variant, not in mmpretrain), the rest of
# ./_base_/composite-fields_res50_385x385.py, the step decay at 110 / 135.
# Without fork normalisation: the -nofork config beside this one.
_base_ = [
    './composite-fields_res50-single-b_deepfashion-c-385x385.py',
    './_base_/category_field.py'
]

max_epochs = 150
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='LinearLR', begin=0, end=500, start_factor=0.001,
         by_epoch=False),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        milestones=[110, 135],
        gamma=0.1,
        by_epoch=True)
]

model = dict(
    head=dict(
        _delete_=True,
        type='LandmarkCategoryHead',
        landmark_head=_base_.model.head,
        # DeepFashion-C: 50 categories, one an image, labels 0-based
        category_head=dict(
            _base_.category_head,
            in_channels=2048,
            num_categories=50,
            target='image',
            category_id_offset=0),
        fork=_base_.fork))

# the subsets read with their garments' category (and attribute) labels
train_dataloader = dict(
    dataset=dict(datasets=dict(dataset_type='DeepFashionCADataset')))
val_dataloader = dict(
    dataset=dict(datasets=dict(dataset_type='DeepFashionCADataset')))
test_dataloader = dict(
    dataset=dict(datasets=dict(dataset_type='DeepFashionCADataset')))
val_evaluator = [
    *_base_.val_evaluator,
    _base_.category_metric
]
test_evaluator = val_evaluator
