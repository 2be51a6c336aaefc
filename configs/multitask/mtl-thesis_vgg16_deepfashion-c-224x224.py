# The thesis's variant of the multi-task model (seed 002, section 3.2.1,
# its Fig. 3.2): one attention module, the small three-convolution trunk,
# two dense layers per task, sigmoid attributes against cross-entropy
# (mmpretrain's CrossEntropyLoss(use_sigmoid=True): no negative weighting),
# Adam, batch 8, 10 epochs, random flips ("random cropping and flipping";
# no random crop amounts given, none here). The thesis gives no learning
# rate, schedule or loss weights: Liu & Lu's 1e-4, x0.8 an epoch, and the
# three tasks weighing 1 are ours.
_base_ = ['./mtl_vgg16_deepfashion-c-224x224.py']

model = dict(
    head=dict(
        landmark_head=dict(loss=dict(loss_weight=1.0)),
        attribute_head=dict(
            loss=dict(
                _delete_=True,
                type='CrossEntropyLoss',
                use_sigmoid=True,
                loss_weight=1.0))))
max_epochs = 10
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.8, by_epoch=True, begin=0,
         end=max_epochs)
]
train_pipeline = [
    *_base_.load_transforms, _base_.train_landmarks, _base_.box,
    _base_.flip, _base_.resize,
    dict(type='GenerateTarget', encoder=_base_.codec), _base_.pack_inputs
]
train_dataloader = dict(batch_size=8, dataset=dict(pipeline=train_pipeline))
auto_scale_lr = dict(base_batch_size=8)
