# Synthetic LGR table, row "LGR, 1 stack": one LGR layer.
_base_ = ['./_base_/lgr_res18_synthfashion-fld-128x128.py']

model = dict(backbone=dict(lgr=dict(num_stacks=1)))
