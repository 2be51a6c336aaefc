# WG on the small B2 tasks and episodes, from B2's small base model.
_base_ = ['./wg_res18-small_synthfashion-deepfashion2-b1-128x128.py']

benchmark = 'B2'
model = dict(
    fenet=dict(
        init_cfg=dict(checkpoint='work_dirs/base-model_res18-small_'
                      'synthfashion-deepfashion2-b2-128x128/epoch_10.pth')))
train_dataloader = dict(dataset=dict(benchmark=benchmark))
test_dataloader = dict(dataset=dict(benchmark=benchmark))
