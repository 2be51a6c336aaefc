# The paper-size LGR (lgr_vgg16_224x224.py) on the landmarks of DeepFashion-C,
# all garments in the 8-landmark full-body layout (the data settings of
# ../../_base_/data/deepfashion-c_topdown.py).
_base_ = [
    './lgr_vgg16_224x224.py', '../../_base_/data/deepfashion-c_topdown.py'
]

train_dataloader = dict(
    batch_size=16, dataset=dict(pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(dataset=dict(pipeline={{_base_.val_pipeline}}))
test_dataloader = val_dataloader
