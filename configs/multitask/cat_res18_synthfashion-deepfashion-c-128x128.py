# CAT at small scale: mtl_res18_synthfashion-deepfashion-c-128x128.py
# without its landmark branch and attention, the same budget.
_base_ = ['./mtl_res18_synthfashion-deepfashion-c-128x128.py']

model = dict(backbone=dict(plugins=[]), head=dict(landmark_head=None))
train_pipeline = [
    *_base_.load_transforms, _base_.box, _base_.flip, _base_.resize,
    _base_.pack_inputs
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_evaluator = [
    dict(type='CategoryAttributeMetric', topk=(1, 3, 5), attr_topk=(3, 5))
]
test_evaluator = val_evaluator
