# DeepFashion2 read bottom-up, whole images, every item in the 294 slots
# (each category's landmarks in its own slots, the rest absent), by mmpose's
# DeepFashion2Dataset, for the composite-fields models (the codec's skeleton:
# composite_skeleton('deepfashion2')). Every garment of an image is labelled;
# an item without a labelled landmark masks its segmentation out of the
# targets (BottomupGetHeatmapMask). Scored by class-agnostic keypoint AP
# with the official sigmas (FashionCocoMetric: the OKS of an item counts
# its own category's labelled slots only): the per-category DeepFashion2
# AP (DeepFashion2KeypointAPMetric) needs each garment's predicted category,
# which a model without a category head (seed 003 section 5.2) lacks. Data only: the configs that inherit this add the
# pipelines (../pipelines/bottomup_square-crop.py; whole images):
#   train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
#   val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
#   test_dataloader = val_dataloader
# and set data_root for the synthetic set (data/synthfashion/deepfashion2/).
# Convert the data first:
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/deepfashion2 --out-dir data/deepfashion2/annotations
data_root = 'data/deepfashion2/'
# MMPoseInferencer builds no detector for a bottom-up config
data_mode = 'bottomup'
metainfo = dict(from_file='{{ fileDirname }}/../metainfo/deepfashion2.py')

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='DeepFashion2Dataset',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='annotations/deepfashion2_train.json',
        data_prefix=dict(img='')))
# DeepFashion2 has no public test annotations: validation is the test set
val_dataloader = dict(
    train_dataloader,
    batch_size=8,  # fixed-size inputs: batches are fine
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        train_dataloader['dataset'],
        ann_file='annotations/deepfashion2_validation.json',
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(type='FashionCocoMetric')
test_evaluator = val_evaluator
