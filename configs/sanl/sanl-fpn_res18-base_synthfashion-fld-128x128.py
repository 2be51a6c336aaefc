# Small-scale SANL-FPN ablation "Base" on the synthetic set's FLD layout: the
# FPN landmark model without non-local blocks and without attention.
_base_ = ['./_base_/sanl-fpn_res18_synthfashion-fld-128x128.py']

model = dict(side_input=None, backbone=dict(plugins=[]))
