# The paper-size SANL-FPN (sanl-fpn_res101_320x320.py) on FLD, the Fashion
# Landmark Detection benchmark: 8 landmarks in the full-body layout, the slots
# a garment lacks absent (docs/datasets.md). Convert the data first:
#   python tools/dataset_converters/fld_to_coco.py \
#       --root data/fld --out-dir data/fld/annotations
_base_ = ['./sanl-fpn_res101_320x320.py']

# The AttentionNet trained on DeepFashion-C's categories (FLD has none): the
# last checkpoint of
# configs/sanl/sanl-attention_res18_deepfashion-c-224x224.py.
model = dict(
    attention=dict(
        classifier=dict(
            init_cfg=dict(
                type='Pretrained',
                checkpoint='work_dirs/sanl-attention_res18_deepfashion-c-'
                '224x224/epoch_16.pth'))))

# base dataset settings
dataset_type = 'DeepFashionDataset'
data_mode = 'topdown'
data_root = 'data/fld/'
# named by path so that init_model and MMPoseInferencer find the landmark
# names without a checkpoint (see docs/datasets.md)
metainfo = dict(
    from_file='{{ fileDirname }}/../../_base_/datasets/deepfashion_full.py')

# data loaders
train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        subset='full',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='annotations/fld_train.json',
        data_prefix=dict(img=''),
        pipeline={{_base_.train_pipeline}},
    ))
val_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type=dataset_type,
        subset='full',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='annotations/fld_val.json',
        data_prefix=dict(img=''),
        test_mode=True,
        pipeline={{_base_.val_pipeline}},
    ))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'], ann_file='annotations/fld_test.json'))
