# The small SANL-FPN (sanl-fpn_res18_128x128.py) on the FLD layout of the
# synthetic garment set. Generate and convert it first (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion
#   python tools/dataset_converters/fld_to_coco.py \
#       --root data/synthfashion/fld \
#       --out-dir data/synthfashion/fld/annotations
_base_ = ['./sanl-fpn_res18_128x128.py']

# The AttentionNet trained on the synthetic set's DeepFashion-layout
# categories, the last checkpoint of
# configs/sanl/sanl-attention_res18_synthfashion-128x128.py.
model = dict(
    attention=dict(
        classifier=dict(
            init_cfg=dict(
                type='Pretrained',
                checkpoint='work_dirs/sanl-attention_res18_synthfashion-'
                '128x128/epoch_30.pth'))))

# base dataset settings
dataset_type = 'DeepFashionDataset'
data_mode = 'topdown'
data_root = 'data/synthfashion/fld/'
metainfo = dict(
    from_file='{{ fileDirname }}/../../_base_/datasets/deepfashion_full.py')

# data loaders
train_dataloader = dict(
    batch_size=32,
    num_workers=2,
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
    num_workers=2,
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
