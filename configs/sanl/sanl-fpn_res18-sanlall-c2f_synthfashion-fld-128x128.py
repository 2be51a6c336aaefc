# Small-scale SANL-FPN ablation "SANL(all)+C2F" on the synthetic set's FLD
# layout: the SANL(all) CoarseNet gets a FineNet and the whole model is
# fine-tuned with the coarse and fine targets, from the last checkpoint of
# sanl-fpn_res18-sanlall_synthfashion-fld-128x128.py, for 3 epochs (the paper's
# 32 coarse + 5 joint epochs, scaled to the 20 coarse epochs here).
_base_ = ['./_base_/sanl-fpn_res18_synthfashion-fld-128x128.py']

model = dict(
    # every weight but the FineNet's comes from load_from
    side_input=dict(classifier=dict(init_cfg=None)),
    backbone=dict(init_cfg=None),
    head=dict(fine_net=dict(type='FineNet', mid_channels=32, num_levels=3)))
load_from = ('work_dirs/sanl-fpn_res18-sanlall_synthfashion-fld-128x128/'
             'epoch_20.pth')

# a short constant-rate fine-tuning after the coarse stage's cosine decay
max_epochs = 3
train_cfg = dict(max_epochs=max_epochs, val_interval=1)
optim_wrapper = dict(optimizer=dict(lr=1e-4))
param_scheduler = []
default_hooks = dict(checkpoint=dict(interval=1))
