# WG, MetaCloth's weight-generator baseline (section 4.3.3), on the small B1
# tasks and episodes of ppnet_res18-small_synthfashion-deepfashion2-b1-
# 128x128.py: the small base model's FENet (fixed), detectors generated
# from the support's normalised landmark features, cosine similarity; the
# generator's scale and temperature trained over 1,000 seen tasks with Adam
# 1e-3 (PPNet's budget).
_base_ = ['./ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py']

model = dict(
    _delete_=True,
    type='WeightGeneratorBaseline',
    fenet=dict(
        _base_.model.fenet,
        init_cfg=dict(type='Pretrained', checkpoint=_base_.model.
                      base_checkpoint)),
    codec=_base_.codec,
    channels=128,
    data_preprocessor=_base_.model.data_preprocessor)
