# The combined model's upper-body member (seed 003, section 4.2.1) at small
# scale on the synthetic set's DeepFashion-C layout: upper-body garments and
# the full-body garments' collars, sleeves and hems; the model, schedule and input
# of composite-fields_res18-single-b_synthfashion-deepfashion-c-97x97.py.
_base_ = [
    './_base_/composite-fields_res18_97x97.py',
    '../_base_/dataloaders/deepfashion-c_bottomup_upper.py',
    '../_base_/pipelines/bottomup_square-crop.py'
]

codec = dict(
    type='CompositeFields',
    input_size=(97, 97),
    stride=8,
    num_keypoints=6,
    skeleton='deepfashion_upper',
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
