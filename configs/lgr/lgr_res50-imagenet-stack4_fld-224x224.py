# LGR with ResNet-50 on FLD (lgr_res50-stack4_fld-224x224.py), ResNet-50
# initialised from torchvision's ImageNet weights (downloaded by
# init_weights), everything else the same.
_base_ = ['./lgr_res50-stack4_fld-224x224.py']

model = dict(
    backbone=dict(
        init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50')))
