# Synthetic LGR table, row "LGR, 1 stack": one LGR layer.
_base_ = ['./_base_/lgr_res18_synthfashion-fld-128x128.py']

lgr_plugin = dict(_base_.lgr_plugin, cfg=dict(_base_.lgr_stack, num_stacks=1))
model = dict(backbone=dict(plugins=[lgr_plugin]))
