# The single model of composite-fields_res18-single-b_synthfashion-
# deepfashion-c-97x97.py with skeleton A (collars not linked to
# waistlines; seed 003, section 4.2.1, Fig. 12; our reading of it in
# mmfashion_lm/datasets/metainfo/composite_skeletons.py).
_base_ = ['./composite-fields_res18-single-b_synthfashion-deepfashion-c-'
          '97x97.py']

codec = dict(_base_.codec, skeleton='deepfashion_full_A')
model = dict(head=dict(decoder=codec))
train_pipeline = [
    *_base_.train_pipeline[:-2],
    dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
