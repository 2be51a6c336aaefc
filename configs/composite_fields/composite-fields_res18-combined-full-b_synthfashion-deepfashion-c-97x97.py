# The combined model's full-body member at small scale on the synthetic
# set: full-body garments only, 8 landmarks, skeleton B.
_base_ = [
    './_base_/composite-fields_res18_97x97.py',
    '../_base_/dataloaders/deepfashion-c_bottomup_full.py',
    '../_base_/pipelines/bottomup_square-crop.py'
]

codec = dict(
    type='CompositeFields',
    input_size=(97, 97),
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

data_root = 'data/synthfashion/deepfashion/'
train_dataloader = dict(
    _base_.cpu_loader,
    dataset=dict(
        datasets=dict(data_root=data_root), pipeline=train_pipeline))
val_dataloader = dict(
    _base_.cpu_loader,
    dataset=dict(
        datasets=dict(data_root=data_root), pipeline=crop_val_pipeline))
test_dataloader = val_dataloader
