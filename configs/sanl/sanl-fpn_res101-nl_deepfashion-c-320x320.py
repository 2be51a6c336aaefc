# SANL-FPN ablation "NL" on DeepFashion-C (all garments, in the 8 full-body
# slots): a plain (dot-product) non-local block after each ResNet-101 stage, no
# attention map. Li et al., ICME 2019, https://arxiv.org/abs/1903.04104
_base_ = ['./_base_/sanl-fpn_res101_deepfashion-c-320x320.py']

model = dict(side_input=None)
