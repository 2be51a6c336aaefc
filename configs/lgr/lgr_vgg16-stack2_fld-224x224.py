# LGR ablation on FLD (Table 2, "Different Stack numbers"): 2 LGR layers
# instead of 4.
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

model = dict(backbone=dict(lgr=dict(num_stacks=2)))
