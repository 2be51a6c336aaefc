# SANL-FPN ablation "SANL(all)+C2F" on FLD: the paper's second stage. The
# SANL(all) CoarseNet gets a FineNet (residual refinement of its heatmaps) and
# the whole model is fine-tuned for 5 epochs with the coarse (large sigma) and
# fine (small sigma) targets, from the last checkpoint of
# sanl-fpn_res101-sanlall_fld-320x320.py. The AttentionNet stays frozen. Li et
# al., ICME 2019, https://arxiv.org/abs/1903.04104
_base_ = ['./_base_/sanl-fpn_res101_fld-320x320.py']

model = dict(
    # every weight but the FineNet's comes from load_from: no ImageNet or
    # classifier checkpoint to load first
    side_input=dict(classifier=dict(init_cfg=None)),
    backbone=dict(init_cfg=None),
    head=dict(fine_net=dict(type='FineNet', mid_channels=64, num_levels=3)))
load_from = ('work_dirs/sanl-fpn_res101-sanlall_fld-320x320/'
             'epoch_32.pth')

# 5 joint epochs at lr 1e-3, constant: the paper gives no C2F learning rate;
# restarting at its initial one is ours (the CoarseNet schedule ends at 1e-6,
# where the new FineNet would hardly learn), and its x0.1 step every 10
# epochs does not come within 5
max_epochs = 5
train_cfg = dict(max_epochs=max_epochs, val_interval=1)
param_scheduler = []
default_hooks = dict(checkpoint=dict(interval=1))
