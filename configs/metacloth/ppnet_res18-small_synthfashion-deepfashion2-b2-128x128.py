# MetaCloth's PPNet stage for benchmark B2 at small scale: the B1 variant
# over B2's tasks (seen: the six upper-body categories; unseen: shorts,
# trousers, skirt and the four dresses), from B2's small base model.
_base_ = ['./ppnet_res18-small_synthfashion-deepfashion2-b1-128x128.py']

benchmark = 'B2'
model = dict(
    seen_categories=(1, 2, 3, 4, 5, 6),
    base_checkpoint='work_dirs/base-model_res18-small_synthfashion-'
    'deepfashion2-b2-128x128/epoch_10.pth')
train_dataloader = dict(dataset=dict(benchmark=benchmark))
test_dataloader = dict(dataset=dict(benchmark=benchmark))
