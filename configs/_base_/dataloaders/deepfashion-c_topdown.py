# The landmarks of DeepFashion-C (Category and Attribute Prediction
# benchmark) read top-down, all garments: like the papers, which report the 8
# landmarks of the full-body layout, the upper-body (6 landmarks),
# lower-body (4) and full-body (8) subsets are trained and evaluated
# together, each garment's landmarks in their slots of the 8-landmark layout
# and the slots it lacks absent (invisible: no loss, not evaluated): the
# subsets of DeepFashionFullLayoutSubsets (mmfashion_lm.datasets). A split
# without garments of one type (a test set of dresses only) skips that
# subset with a warning (NonEmptyCombinedDataset, docs/datasets.md). Data
# only: the configs that inherit this add the pipelines:
#   train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
#   val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
#   test_dataloader = val_dataloader
# Convert the data first:
#   python tools/dataset_converters/deepfashion_to_coco.py \
#       --root data/deepfashion --out-dir data/deepfashion/annotations
data_root = 'data/deepfashion/'
# named by path so that init_model and MMPoseInferencer find the landmark
# names without a checkpoint (see docs/datasets.md)
metainfo = dict(from_file='{{ fileDirname }}/../metainfo/deepfashion_full.py')

train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='NonEmptyCombinedDataset',
        metainfo=metainfo,
        datasets=dict(
            type='DeepFashionFullLayoutSubsets',
            data_root=data_root,
            ann_file='annotations/deepfashion_{subset}_train.json')))
val_dataloader = dict(
    train_dataloader,
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

# the DeepFashion protocol (Liu & Lu, ECCV-W 2018; docs/metrics.md): NE of
# the visible landmarks, normalised by the ground-truth box, per landmark
val_evaluator = dict(
    type='FashionNEMetric', visibility='visible', norm_mode='bbox')
test_evaluator = val_evaluator
