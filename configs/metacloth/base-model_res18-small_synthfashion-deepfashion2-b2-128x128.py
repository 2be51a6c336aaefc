# MetaCloth's base model M for benchmark B2 (upper-body -> lower-body and
# full-body transfer) at small scale: the B1 variant's settings over the six
# upper-body categories (158 landmarks together). Data as for B1.
_base_ = ['./base-model_res18-small_synthfashion-deepfashion2-b1-128x128.py']

seen_categories = (1, 2, 3, 4, 5, 6)
num_landmarks = 158
metainfo = dict(
    from_file='{{ fileDirname }}/../_base_/metainfo/deepfashion2_b2_seen.py')
model = dict(metainfo=metainfo, head=dict(out_channels=num_landmarks))
dataset = dict(category=seen_categories, metainfo=metainfo)
train_dataloader = dict(dataset=dataset)
val_dataloader = dict(dataset=dataset)
test_dataloader = val_dataloader
