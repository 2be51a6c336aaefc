# The all-category DeepFashion2 model
# (composite-fields_res18-deepfashion2-all_synthfashion-deepfashion2-129x129.py)
# with its fields at stride 8 (17 x 17 cells instead of 9 x 9; ours): a
# transposed convolution (ConvDeconvNeck: 3 x 3, stride 2, BN, ReLU: 9
# cells to 17) turns the backbone's 512 channels at stride 16 into 128
# at stride 8, which the head's 1 x 1 conv maps to the 294 CIF and 304 CAF
# fields. A PixelShuffle head at stride 8 (upsample=2) maps 512 channels to
# four times the fields' channels and took about twice the time of an
# iteration on 2 cores; this one reads a quarter of the channels, about
# 1.4 times the stride-16 model's time, so 5 epochs instead of 8 in the
# same time. Same data and decoder thresholds.
# docs/methods/composite_fields.md reports what it did.
_base_ = [
    './composite-fields_res18-deepfashion2-all_synthfashion-deepfashion2-'
    '129x129.py'
]

codec = dict(_base_.codec, stride=8)
model = dict(
    neck=dict(
        type='ConvDeconvNeck',
        in_channels=512,
        out_channels=128,
        num_deconvs=1,
        num_convs=0,
        deconv_kernel=3),
    head=dict(in_channels=128, upsample=1, decoder=codec))

max_epochs = 5
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [
    _base_.param_scheduler[0],
    dict(_base_.param_scheduler[1], end=max_epochs, T_max=max_epochs)
]
train_pipeline = [
    dict(t, encoder=codec) if t['type'] == 'GenerateTarget' else t
    for t in _base_.train_pipeline
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
