# MetaCloth's meta FENet stage for benchmark B2 at small scale: the B1
# variant's settings over B2's tasks, from B2's small PPNet stage.
_base_ = ['./meta-fenet_res18-small_synthfashion-deepfashion2-b1-128x128.py']

benchmark = 'B2'
model = dict(seen_categories=(1, 2, 3, 4, 5, 6))
load_from = ('work_dirs/ppnet_res18-small_synthfashion-deepfashion2-b2-'
             '128x128/iter_1000.pth')
train_dataloader = dict(dataset=dict(benchmark=benchmark))
test_dataloader = dict(dataset=dict(benchmark=benchmark))
