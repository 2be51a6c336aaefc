# PROTO, MetaCloth's prototype baseline (section 4.3.5), on the small B1
# episodes of ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py:
# each landmark's prototype is its mean feature over the support (the base
# model M's FENet), found in a query at the nearest location. No training:
# test the base model's checkpoint,
#   python tools/test.py THIS_CONFIG work_dirs/base-model_res18-small_\
#       synthfashion-deepfashion2-b1-128x128/epoch_10.pth
_base_ = ['./ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py']

model = dict(
    _delete_=True,
    type='PrototypeBaseline',
    fenet=_base_.model.fenet,
    codec=_base_.codec,
    data_preprocessor=_base_.model.data_preprocessor)
train_cfg = None
train_dataloader = None
optim_wrapper = None
param_scheduler = None
