# One bottom-up model for all 13 DeepFashion2 categories (the 294 slots;
# seed 003, section 6, could not train it): composite fields over every
# category's landmarks with each category's outline links (no link joins
# two categories), decoded category-aware (each garment grows from its
# seed in its category's slots and carries that category_id), scored by
# DeepFashion2's keypoint AP (official sigmas, per category). Ours at
# small scale on a synthetic DeepFashion2 set of 3000 images (2400 to
# train, 600 to validate; 1-3 garments an image): ResNet-18 from scratch,
# 129 x 129, 2 CPU cores, the fields at the backbone's stride 16
# (upsample=1, 9 x 9 cells; ours: at stride 8 the 1 x 1 conv to 294 CIF
# and 304 CAF fields, 16824 channels after PixelShuffle's factor 4, and
# their losses took about twice the time of an iteration on 2 cores).
# docs/methods/composite_fields.md reports what each choice here did.
# Data first (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py \
#       --out data/synthfashion-deepfashion2-3000 --num-images 3000 \
#       --layouts deepfashion2 --workers 2
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/synthfashion-deepfashion2-3000/deepfashion2 \
#       --out-dir data/synthfashion-deepfashion2-3000/deepfashion2/annotations
_base_ = [
    './_base_/composite-fields_res18_97x97.py',
    '../_base_/dataloaders/deepfashion2_bottomup.py',
    '../_base_/pipelines/bottomup_square-crop.py'
]

codec = dict(
    type='CompositeFields',
    input_size=(129, 129),
    stride=16,
    num_keypoints=294,
    skeleton='deepfashion2',
    sigmas='deepfashion2',
    slot_categories='deepfashion2',
    heatmap_mask_marks='unlabelled',
    # decoding: thresholds fitted to keypoint AP on 200 training images
    # (tools/analysis_tools/tune_decoder.py); the small model's
    # confidences are far below OpenPifPaf's defaults, and at stride 16 its
    # votes scatter by more than a landmark's scale (wider votes)
    cif_vote_thr=0.05,
    cif_vote_min_sigma=4.0,
    seed_thr=0.1,
    caf_thr=0.05,
    keypoint_thr=0.02,
    instance_thr=0.0)
model = dict(
    head=dict(
        upsample=1,
        decoder=codec,
        # OpenPifPaf v0.13's focal confidence loss: most of the 294 slots'
        # cells are easy background
        confidence_loss=dict(
            type='FieldConfidenceLoss', focal_gamma=1.0, focal_alpha=0.5)))

# 8 epochs of 300 iterations (batch 8, about 0.7 s an iteration on 2
# cores: 28.5 minutes measured), validated at the end (4 minutes)
max_epochs = 8
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_epochs, T_max=max_epochs)
]

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
data_root = 'data/synthfashion-deepfashion2-3000/deepfashion2/'
train_dataloader = dict(
    _base_.cpu_loader,
    # batch 8: twice the updates of 16 in the same time
    batch_size=8,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    _base_.cpu_loader,
    dataset=dict(data_root=data_root, pipeline=val_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='DeepFashion2KeypointAPMetric')
test_evaluator = val_evaluator
