# SANL-FPN with a VGG-16 (BN) backbone on FLD: SANL(all) CoarseNet, the SANL
# blocks after the VGG stages of stride 4, 8, 16 and 32 (128, 256, 512, 512
# channels). Li et al., ICME 2019, https://arxiv.org/abs/1903.04104
_base_ = ['./_base_/sanl-fpn_res101_fld-320x320.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='SANLVGG',
        depth=16,
        # ImageNet initialisation for real users (downloaded by init_weights):
        # mmpretrain's VGG-16-BN, whose backbone keys match mmpose's VGG
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'vgg/vgg16_bn_batch256_imagenet_20210208-7e55cd29.pth',
            prefix='backbone.')),
    neck=dict(in_channels=[128, 256, 512, 512]))
