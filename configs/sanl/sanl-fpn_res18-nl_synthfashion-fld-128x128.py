# Small-scale SANL-FPN ablation "NL" on the synthetic set's FLD layout: a plain
# (dot-product) non-local block after each ResNet-18 stage, no attention map.
_base_ = ['./_base_/sanl-fpn_res18_synthfashion-fld-128x128.py']

model = dict(side_input=None)
