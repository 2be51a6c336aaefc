# The paper-size LGR (lgr_vgg16_224x224.py) on FLD, the Fashion Landmark
# Detection benchmark (the data settings of ../../_base_/data/fld_topdown.py).
_base_ = ['./lgr_vgg16_224x224.py', '../../_base_/data/fld_topdown.py']

train_dataloader = dict(
    batch_size=16, num_workers=4,
    dataset=dict(pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    num_workers=4, dataset=dict(pipeline={{_base_.val_pipeline}}))
test_dataloader = val_dataloader
