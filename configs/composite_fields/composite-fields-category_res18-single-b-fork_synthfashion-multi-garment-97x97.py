# The joint model of seed 003 (section 5.2: composite fields plus a category
# head, fork normalisation between the backbone and the heads) at small
# scale on the synthetic set's multi-garment images (its DeepFashion2
# layout, 1-3 garments an image, every garment in the 8 DeepFashion slots
# and labelled with its DeepFashion2 category, 1..13, which differ in
# shape). The category head reads each garment's maps over its box
# (target='instance', ours: the paper's image-level maximum cannot tell
# the garments of one image apart); categories are scored per annotated
# garment (CategoryAttributeMetric), landmarks by keypoint AP. Without fork
# normalisation: the -nofork config beside this one. Data first
# (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion \
#       --workers 2
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/synthfashion/deepfashion2 \
#       --out-dir data/synthfashion/deepfashion2/annotations
_base_ = [
    './composite-fields_res18-single-b_synthfashion-multi-garment-97x97.py',
    './_base_/category_field.py'
]

model = dict(
    head=dict(
        _delete_=True,
        type='LandmarkCategoryHead',
        landmark_head=_base_.model.head,
        category_head=_base_.category_head,
        fork=_base_.fork))

# every garment's DeepFashion2 category, 0-based, after loading
category_label = dict(
    type='LoadCategoryLabel', key='df2_category_id', offset=1)
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
