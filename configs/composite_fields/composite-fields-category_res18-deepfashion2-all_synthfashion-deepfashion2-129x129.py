# The all-category DeepFashion2 model of
# composite-fields_res18-deepfashion2-all_synthfashion-deepfashion2-129x129.py
# joined with a category head (seed 003's joint model, section 5.2:
# composite fields plus a category head, fork normalisation between the
# backbone and the heads) that reads every garment's category maps over
# its box (target='instance', ours) and rescores the decoded garments
# (ours, beyond the study): the category-aware decoder decodes a garment
# once per category whose slots fire on it, and each hypothesis's score is
# multiplied by the probability the category maps give its category, so
# that the right category's ranks first. Same data, schedule and decoder
# thresholds as that config; docs/methods/composite_fields.md reports both.
_base_ = [
    './composite-fields_res18-deepfashion2-all_synthfashion-deepfashion2-'
    '129x129.py'
]

model = dict(
    head=dict(
        _delete_=True,
        type='LandmarkCategoryHead',
        landmark_head=_base_.model.head,
        category_head=dict(
            type='CategoryMapHead',
            in_channels=512,
            num_categories=13,
            target='instance',
            category_id_offset=1),
        fork=dict(type='ForkNormalization', mode='power', beta=0.5),
        rescore=True))

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
val_evaluator = [
    _base_.val_evaluator,
    dict(type='CategoryAttributeMetric', topk=(1, 3, 5), attr_topk=())
]
test_evaluator = val_evaluator
