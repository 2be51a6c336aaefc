# LGR ablation on FLD (Table 2, "two-clustering"), levels of clustering: 2
# (leaf -> clothes-part -> body-part) instead of 3 (up to the root).
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

lgr_plugin = dict(_base_.lgr_plugin, cfg=dict(_base_.lgr_stack, num_levels=2))
model = dict(backbone=dict(plugins=[lgr_plugin]))
