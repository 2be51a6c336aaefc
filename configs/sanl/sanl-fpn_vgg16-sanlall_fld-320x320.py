# SANL-FPN with a VGG-16 (BN) backbone on FLD: SANL(all) CoarseNet, the SANL
# blocks after the VGG stages of stride 4, 8, 16 and 32 (128, 256, 512, 512
# channels). Li et al., ICME 2019, https://arxiv.org/abs/1903.04104
_base_ = ['./_base_/sanl-fpn_res101_fld-320x320.py']

model = _base_.vgg16_model
