# LGR with a ResNet backbone on FLD (ours: the paper uses VGG-16 only):
# ResNet-50 with the 4 stacked LGR layers before its last stage (res4
# output: stride 16, 1024 channels, as before VGG-16's block 5), then three
# deconv layers to stride-4 heatmaps, the 1x1 conv + sigmoid and the MSE
# loss; trained as the paper trains LGR, from scratch
# (_base_/lgr_vgg16_fld-224x224.py). lgr_res50-imagenet-stack4_fld-224x224.py
# starts from ImageNet weights.
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='PluginResNet',
        depth=50,
        plugins=[dict(cfg=_base_.lgr_stack, stage=3, position='before')]),
    head=dict(
        in_channels=2048,
        deconv_out_channels=(256, 256, 256),
        deconv_kernel_sizes=(4, 4, 4)))
