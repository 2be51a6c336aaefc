# The single model with skeleton B on FLD whole images (8 slots, those a
# garment lacks unlabelled), evaluated by the crop protocol with FLD's
# normalisation (docs/metrics.md).
_base_ = [
    './_base_/composite-fields_res50_385x385.py',
    '../_base_/dataloaders/fld_bottomup.py',
    '../_base_/pipelines/bottomup_square-crop.py'
]

codec = dict(
    type='CompositeFields',
    input_size=(385, 385),
    stride=8,
    num_keypoints=8,
    skeleton='deepfashion_full_B',
    heatmap_mask_marks='unlabelled')
model = dict(head=dict(decoder=codec))

train_pipeline = [
    *_base_.train_transforms,
    dict(_base_.square_crop, input_size=codec['input_size']), _base_.flip,
    _base_.heatmap_mask,
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
crop_val_pipeline = [
    *_base_.val_transforms,
    dict(_base_.box_crop, input_size=codec['input_size']),
    _base_.pack_inputs
]
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=crop_val_pipeline))
test_dataloader = val_dataloader
