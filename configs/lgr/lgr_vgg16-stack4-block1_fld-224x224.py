# LGR ablation on FLD (Table 2, "Different Injected Layers"): the 4 LGR
# layers before conv block 1 instead of 5, i.e. after the first conv layer
# of block 1 (64 channels, stride 1).
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

# Node-to-Map's scores hold (B, H * W, N, hidden) values: at 224x224 a
# hidden width of 16 instead of 128 keeps them at 0.4 GB per layer for 16
# images instead of 3.3 GB
lgr_plugin = dict(
    _base_.lgr_plugin,
    cfg=dict(_base_.lgr_stack, hidden_channels=16),
    stage=0)
model = dict(backbone=dict(plugins=[lgr_plugin]))
