# FLD (Fashion Landmark Detection benchmark) read top-down by mmpose's
# DeepFashionDataset: 8 landmarks in the full-body layout, the slots a garment
# lacks absent (docs/datasets.md), scored by the literature's normalised
# error. Data only: the configs that inherit this add the pipelines, and set
# data_root when the data is not data/fld/ (the synthetic set's FLD layout
# is data/synthfashion/fld/):
#   data_root = 'data/synthfashion/fld/'
#   train_dataloader = dict(
#       dataset=dict(data_root=data_root, pipeline=train_pipeline))
#   val_dataloader = dict(
#       dataset=dict(data_root=data_root, pipeline=val_pipeline))
#   test_dataloader = val_dataloader
# Convert the data first:
#   python tools/dataset_converters/fld_to_coco.py \
#       --root data/fld --out-dir data/fld/annotations
dataset_type = 'DeepFashionDataset'
data_mode = 'topdown'
# named by path so that init_model and MMPoseInferencer find the landmark
# names without a checkpoint (see docs/datasets.md)
metainfo = dict(from_file='{{ fileDirname }}/../metainfo/deepfashion_full.py')

train_dataloader = dict(
    batch_size=32,
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

# the FLD numbers of the literature (Liu et al., ECCV 2016; SANL; LGR): NE
# of the visible landmarks, normalised by the size of FLD's garment-centred
# image, per landmark (docs/metrics.md)
val_evaluator = dict(
    type='FashionNEMetric', visibility='visible', norm_mode='image')
test_evaluator = val_evaluator
