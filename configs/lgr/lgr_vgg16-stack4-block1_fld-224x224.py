# LGR ablation on FLD, injection point: the 4 LGR layers before conv block
# 1 instead of 5, i.e. after the first conv layer of block 1 (64 channels,
# stride 1).
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

model = dict(backbone=dict(lgr_before_stage=0))
