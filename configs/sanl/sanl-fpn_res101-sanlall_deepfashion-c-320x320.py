# SANL-FPN ablation "SANL(all)" on DeepFashion-C (all garments, in the 8
# full-body slots): the CoarseNet of the paper, each SANL block steered by the
# Grad-CAM map of its own stride (4, 8, 16, 32). Its last checkpoint starts the
# C2F stage (sanl-fpn_res101-sanlall-c2f_deepfashion-c-320x320.py). Li et al.,
# ICME 2019, https://arxiv.org/abs/1903.04104
_base_ = ['./_base_/sanl-fpn_res101_deepfashion-c-320x320.py']
