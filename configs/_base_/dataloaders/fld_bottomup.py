# FLD (Fashion Landmark Detection benchmark) read bottom-up, whole images,
# by mmpose's DeepFashionDataset, for the composite-fields models
# (configs/composite_fields/): 8 landmarks in the full-body layout, the
# slots a garment lacks absent (no target, not evaluated), one sample per
# image. FLD's images are centred on their one annotated garment; any other
# garment in them carries no label and trains as background (see
# ./deepfashion-c_bottomup.py). Data only: the configs that inherit this add
# the pipelines (../pipelines/bottomup_square-crop.py) and set data_root
# when the data is not data/fld/ (the synthetic set's FLD layout is
# data/synthfashion/fld/):
#   train_dataloader = dict(
#       dataset=dict(data_root=data_root, pipeline=train_pipeline))
#   val_dataloader = dict(
#       dataset=dict(data_root=data_root, pipeline=crop_val_pipeline))
#   test_dataloader = val_dataloader
# Convert the data first:
#   python tools/dataset_converters/fld_to_coco.py \
#       --root data/fld --out-dir data/fld/annotations
dataset_type = 'DeepFashionDataset'
# MMPoseInferencer builds no detector for a bottom-up config
data_mode = 'bottomup'
# named by path so that init_model and MMPoseInferencer find the landmark
# names without a checkpoint (see docs/datasets.md)
metainfo = dict(from_file='{{ fileDirname }}/../metainfo/deepfashion_full.py')

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        subset='full',
        metainfo=metainfo,
        data_root='data/fld/',
        data_mode=data_mode,
        ann_file='annotations/fld_train.json',
        data_prefix=dict(img='')))
val_dataloader = dict(
    train_dataloader,
    batch_size=8,  # fixed-size inputs (crop or resize): batches are fine
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        train_dataloader['dataset'],
        ann_file='annotations/fld_val.json',
        test_mode=True))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'], ann_file='annotations/fld_test.json'))

# the FLD numbers of the literature (docs/metrics.md): NE of the visible
# landmarks normalised by FLD's garment-centred image, of the
# highest-scoring predicted instance (every landmark at (0, 0) when none is
# predicted); and seed 003's detection metrics at a keypoint score of 0.5
# (ours). FLD's protocol normalises by the image, whether the model saw the
# whole image or, by the crop protocol (BottomupBoxCrop), the garment's box:
# the predictions come back in the image's pixels either way.
val_evaluator = [
    dict(
        type='FashionNEMetric',
        visibility='visible',
        norm_mode='image',
        instance_mode='best_score'),
    dict(
        type='LandmarkDetectionMetric',
        score_thr=0.5,
        norm_mode='image',
        instance_mode='best_score')
]
test_evaluator = val_evaluator
