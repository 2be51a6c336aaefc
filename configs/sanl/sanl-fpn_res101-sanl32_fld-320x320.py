# SANL-FPN ablation "SANL(32)" on FLD: every SANL block is steered by the
# stride-32 Grad-CAM map of the AttentionNet, resized to the block's size. Li
# et al., ICME 2019, https://arxiv.org/abs/1903.04104
_base_ = ['./_base_/sanl-fpn_res101_fld-320x320.py']

model = dict(side_input=dict(mode='32'))
