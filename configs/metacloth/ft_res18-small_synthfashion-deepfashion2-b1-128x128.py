# FT, MetaCloth's fine-tuning baseline (section 4.3.1), on the small B1
# episodes of ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py:
# the base model M's FENet and new 1 x 1 detectors (from zero) tuned on each
# task's support set, 30 Adam steps (features 1e-5, detectors 1e-2; ours,
# docs/methods/metacloth.md). No training: test the base model's checkpoint,
#   python tools/test.py THIS_CONFIG work_dirs/base-model_res18-small_\
#       synthfashion-deepfashion2-b1-128x128/epoch_10.pth
# The FT protocol suits any top-down landmark model of the package: give
# fenet its backbone and neck, test its checkpoint.
_base_ = ['./ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py']

model = dict(
    _delete_=True,
    type='FineTuneBaseline',
    fenet=_base_.model.fenet,
    codec=_base_.codec,
    steps=30,
    lr=1e-5,
    detector_lr=1e-2,
    data_preprocessor=_base_.model.data_preprocessor)
train_cfg = None
train_dataloader = None
optim_wrapper = None
param_scheduler = None
