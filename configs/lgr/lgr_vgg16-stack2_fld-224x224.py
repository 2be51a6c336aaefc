# LGR ablation on FLD (Table 2, "Different Stack numbers"): 2 LGR layers
# instead of 4.
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

lgr_plugin = dict(_base_.lgr_plugin, cfg=dict(_base_.lgr_stack, num_stacks=2))
model = dict(backbone=dict(plugins=[lgr_plugin]))
