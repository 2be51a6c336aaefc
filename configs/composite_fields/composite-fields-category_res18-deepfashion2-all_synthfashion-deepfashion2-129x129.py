# The all-category DeepFashion2 model of
# composite-fields_res18-deepfashion2-all_synthfashion-deepfashion2-129x129.py
# joined with a category head (seed 003's joint model, section 5.2:
# composite fields plus a category head, fork normalisation between the
# backbone and the heads) that reads every garment's category maps over
# its box (target='instance', ours): a detector of every DeepFashion2
# category with its category scores (e.g. for mmfashion_lm.apis.
# FashionInferencer). Same data, schedule and decoder thresholds as that
# config. rescore=True (ours) multiplies each decoded garment's score by
# its category's probability from the maps; measured on these weights it
# lowered keypoint AP (.248 to .226: the head's top-1 is .42), so it is
# off; docs/methods/composite_fields.md reports both.
_base_ = [
    './composite-fields_res18-deepfashion2-all_synthfashion-deepfashion2-'
    '129x129.py', './_base_/category_field.py'
]

model = dict(
    head=dict(
        _delete_=True,
        type='LandmarkCategoryHead',
        landmark_head=_base_.model.head,
        category_head=_base_.category_head,
        fork=_base_.fork,
        rescore=False))

# every garment's DeepFashion2 category, 0-based, after loading
category_label = dict(type='LoadCategoryLabel', key='category_id', offset=1)
train_pipeline = [
    *_base_.train_pipeline[:2], category_label, *_base_.train_pipeline[2:]
]
val_pipeline = [
    *_base_.val_pipeline[:2], category_label, *_base_.val_pipeline[2:]
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
val_evaluator = [_base_.val_evaluator, _base_.category_metric]
test_evaluator = val_evaluator
