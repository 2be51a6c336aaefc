# Composite fields, the single model (seed 003, section 4.2.1: every
# garment in the 8 slots of the full-body layout, the slots a garment lacks
# unlabelled), skeleton B, at small scale on the synthetic set's
# DeepFashion-C layout: ResNet-18 from scratch, 97 x 97, 2 CPU cores.
# Trained on whole images, evaluated by the crop protocol (section 4.2.4:
# the image cropped by the ground-truth box, the best-scoring garment, NE by
# the DeepFashion-C protocol; docs/methods/composite_fields.md). Data first
# (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion \
#       --workers 2
#   python tools/dataset_converters/deepfashion_to_coco.py \
#       --root data/synthfashion/deepfashion \
#       --out-dir data/synthfashion/deepfashion/annotations
_base_ = [
    './_base_/composite-fields_res18_97x97.py',
    '../_base_/dataloaders/deepfashion-c_bottomup.py',
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
