# SANL-FPN ablation "Base" on FLD: the FPN landmark model (ResNet-101, FPN,
# multi-scale concatenation and ASPP CoarseNet head) without non-local blocks
# and without attention. Li et al., ICME 2019, https://arxiv.org/abs/1903.04104
_base_ = ['./_base_/sanl-fpn_res101_fld-320x320.py']

model = dict(side_input=None, backbone=dict(plugins=[]))
