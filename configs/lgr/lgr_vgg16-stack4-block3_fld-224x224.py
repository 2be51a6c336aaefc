# LGR ablation on FLD (Table 2, "Different Injected Layers"): the 4 LGR
# layers before conv block 3 instead of 5, i.e. on the output of block 2
# (128 channels, stride 4).
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

lgr_plugin = dict(_base_.lgr_plugin, stage=2)
model = dict(backbone=dict(plugins=[lgr_plugin]))
