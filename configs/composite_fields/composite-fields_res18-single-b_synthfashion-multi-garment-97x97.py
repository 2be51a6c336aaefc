# The single model of composite-fields_res18-single-b_synthfashion-
# deepfashion-c-97x97.py on the synthetic set's multi-garment images (its
# DeepFashion2 layout, 1-3 garments each, every garment labelled in the 8
# DeepFashion slots): whole images, multi-instance keypoint AP (COCO OKS,
# sigma 0.05 per landmark, ours). Evaluate the DeepFashion-C model on them:
#   python tools/test.py \
#       configs/composite_fields/composite-fields_res18-single-b_synthfashion-multi-garment-97x97.py \
#       work_dirs/composite-fields_res18-single-b_synthfashion-deepfashion-c-97x97/epoch_40.pth
# or train on them with tools/train.py. Data first (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion \
#       --workers 2
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/synthfashion/deepfashion2 \
#       --out-dir data/synthfashion/deepfashion2/annotations
_base_ = [
    './_base_/composite-fields_res18_97x97.py',
    '../_base_/dataloaders/synthfashion-multi-garment_bottomup.py',
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
val_pipeline = [
    *_base_.val_transforms,
    dict(_base_.resize, input_size=codec['input_size']), _base_.pack_inputs
]
train_dataloader = dict(
    _base_.cpu_loader, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(_base_.cpu_loader, dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
