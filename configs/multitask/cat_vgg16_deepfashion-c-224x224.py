# CAT (seed 002, section 3.2.2): the multi-task model without its landmark
# branch and attention, category and attributes only, everything else as
# mtl_vgg16_deepfashion-c-224x224.py.
_base_ = ['./mtl_vgg16_deepfashion-c-224x224.py']

model = dict(
    backbone=dict(plugins=[]), head=dict(landmark_head=None))
# no landmark targets to encode, no NE to report
train_pipeline = [
    *_base_.load_transforms, _base_.box, _base_.resize, _base_.pack_inputs
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_evaluator = [
    dict(type='CategoryAttributeMetric', topk=(1, 3, 5), attr_topk=(3, 5))
]
test_evaluator = val_evaluator
