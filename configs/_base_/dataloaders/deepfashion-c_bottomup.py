# The landmarks of DeepFashion-C (Category and Attribute Prediction
# benchmark) read bottom-up, whole images, for the composite-fields single
# model (configs/composite_fields/): every garment in the 8 slots of the
# full-body layout, the slots its clothes type lacks absent (no target, not
# evaluated), the upper-, lower- and full-body subsets of
# DeepFashionFullLayoutSubsets (as in ./deepfashion-c_topdown.py), one
# sample per image. Each DeepFashion-C image annotates one garment; the
# other garments in it (the trousers under an annotated blouse) carry no
# label and no segmentation to mask them, so they train as background: the
# codec's targets say "no landmark here" where they are. That teaches the
# model to miss unannotated garments; the data offers nothing better
# (seed 003 trains the same way). The crop protocol (BottomupBoxCrop,
# FashionNEMetric(instance_mode='best_score')) evaluates the annotated one.
# Data only: the configs that inherit this add the pipelines
# (../pipelines/bottomup_square-crop.py):
#   train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
#   val_dataloader = dict(dataset=dict(pipeline=crop_val_pipeline))
#   test_dataloader = val_dataloader
# and set data_root for the synthetic set's DeepFashion layout:
#   train_dataloader = dict(dataset=dict(
#       datasets=dict(data_root='data/synthfashion/deepfashion/'),
#       pipeline=train_pipeline))
# Convert the data first:
#   python tools/dataset_converters/deepfashion_to_coco.py \
#       --root data/deepfashion --out-dir data/deepfashion/annotations
data_root = 'data/deepfashion/'
# MMPoseInferencer builds no detector for a bottom-up config
data_mode = 'bottomup'
# named by path so that init_model and MMPoseInferencer find the landmark
# names without a checkpoint (see docs/datasets.md)
metainfo = dict(from_file='{{ fileDirname }}/../metainfo/deepfashion_full.py')

train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='NonEmptyCombinedDataset',
        metainfo=metainfo,
        datasets=dict(
            type='DeepFashionFullLayoutSubsets',
            data_root=data_root,
            data_mode=data_mode,
            ann_file='annotations/deepfashion_{subset}_train.json')))
val_dataloader = dict(
    train_dataloader,
    batch_size=8,  # fixed-size inputs (crop or resize): batches are fine
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        train_dataloader['dataset'],
        datasets=dict(
            train_dataloader['dataset']['datasets'],
            ann_file='annotations/deepfashion_{subset}_val.json',
            test_mode=True),
        test_mode=True))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'],
        datasets=dict(
            val_dataloader['dataset']['datasets'],
            ann_file='annotations/deepfashion_{subset}_test.json')))

# the crop protocol (seed 003, section 4.2.4; docs/metrics.md): NE of the
# visible landmarks of the annotated garment, normalised by its ground-truth
# box, the highest-scoring predicted instance (every landmark at the box's
# top-left when none is predicted); and the paper's detection metrics
# (section 4.2.3) at a keypoint score of 0.5 (ours)
val_evaluator = [
    dict(
        type='FashionNEMetric',
        visibility='visible',
        norm_mode='bbox',
        instance_mode='best_score'),
    dict(
        type='LandmarkDetectionMetric',
        score_thr=0.5,
        norm_mode='bbox',
        instance_mode='best_score')
]
test_evaluator = val_evaluator
