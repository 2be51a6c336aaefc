# The small SANL-FPN (sanl-fpn_res18_128x128.py) on the FLD layout of the
# synthetic garment set. Generate and convert it first (docs/datasets.md):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion
#   python tools/dataset_converters/fld_to_coco.py \
#       --root data/synthfashion/fld \
#       --out-dir data/synthfashion/fld/annotations
_base_ = [
    './sanl-fpn_res18_128x128.py', '../../_base_/dataloaders/fld_topdown.py'
]

# The AttentionNet trained on the synthetic set's DeepFashion-layout
# categories, the last checkpoint of
# configs/sanl/sanl-attention_res18_synthfashion-128x128.py. Its ResNet-18
# also initialises the landmark backbone (the SANL blocks start as the
# identity), the small-scale stand-in for the paper's ImageNet-trained
# backbone: from scratch, the non-local blocks slowed the landmark training
# down (docs/methods/sanl.md).
attention_checkpoint = ('work_dirs/sanl-attention_res18_synthfashion-128x128/'
                        'epoch_30.pth')
model = dict(
    side_input=dict(
        classifier=dict(
            init_cfg=dict(
                type='Pretrained', checkpoint=attention_checkpoint))),
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            prefix='backbone.',
            checkpoint=attention_checkpoint)))

data_root = 'data/synthfashion/fld/'
train_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline={{_base_.val_pipeline}}))
test_dataloader = val_dataloader
