# The paper-size SANL-FPN (sanl-fpn_res101_320x320.py) on FLD, the Fashion
# Landmark Detection benchmark (the data settings of
# ../../_base_/dataloaders/fld_topdown.py).
_base_ = [
    './sanl-fpn_res101_320x320.py', '../../_base_/dataloaders/fld_topdown.py'
]

# The AttentionNet trained on DeepFashion-C's categories (FLD has none): the
# last checkpoint of
# configs/sanl/sanl-attention_res18_deepfashion-c-224x224.py.
model = dict(
    side_input=dict(
        classifier=dict(
            init_cfg=dict(
                type='Pretrained',
                checkpoint='work_dirs/sanl-attention_res18_deepfashion-c-'
                '224x224/epoch_16.pth'))))

train_dataloader = dict(
    num_workers=4, dataset=dict(pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    num_workers=4, dataset=dict(pipeline={{_base_.val_pipeline}}))
test_dataloader = val_dataloader
