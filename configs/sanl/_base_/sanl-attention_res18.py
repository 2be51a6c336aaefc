# Model and runtime of the attention classifiers (AttentionNet of SANL-FPN);
# the dataset configs add the data and the schedule.
#
# They train in mmpretrain's scope, unlike the rest of the project (mmpose's):
# mmpretrain's ImageClassifier, transforms (LoadImageFromFile,
# RandomResizedCrop, PackInputs), Accuracy metric and visualizer are
# registered there, and the package's GarmentCategoryDataset and
# CropGarmentBox register into mmpretrain's registries for that reason.
_base_ = ['./attention-net_res18.py']

default_scope = 'mmpretrain'

custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='mmpose.CrashSafeCheckpointHook', interval=1),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='VisualizationHook', enable=False),
)

# the guard against non-finite losses (see configs/_base_/default_runtime.py)
# is registered in mmpose's scope, hence the scope prefix
custom_hooks = [
    dict(type='mmpose.NonFiniteLossGuardHook', max_consecutive_skips=10)
]

# multi-processing and distributed settings (gloo is chosen automatically on
# machines without a GPU, see mmfashion_lm.utils.setup_cpu_distributed)
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='UniversalVisualizer', vis_backends=vis_backends)

log_processor = dict(window_size=50, by_epoch=True)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)

# the shared architecture, as a model that the dataset configs can refine
model = {{_base_.attention_net}}

# pipeline pieces; the dataset configs compose them with their input size:
#   train_pipeline = [
#       *_base_.crop_garment,
#       dict(_base_.random_resized_crop, scale=input_size), _base_.flip,
#       _base_.pack_inputs
#   ]
#   test_pipeline = [
#       *_base_.crop_garment,
#       dict(type='Resize', scale=(input_size, input_size)), _base_.pack_inputs
#   ]
# - the garment box padded by 1.25 and squared, as the landmark models frame
#   their inputs (CropGarmentBox); the crop is square, so resizing it keeps
#   the garment's proportions
crop_garment = [
    dict(type='LoadImageFromFile'),
    dict(type='CropGarmentBox', padding=1.25, aspect_ratio=1.0)
]
# - training augmentation: a random part of the crop, resized to the input
#   size, and horizontal flips
random_resized_crop = dict(
    type='RandomResizedCrop',
    crop_ratio_range=(0.6, 1.0),
    aspect_ratio_range=(3. / 4., 4. / 3.))
flip = dict(type='RandomFlip', prob=0.5, direction='horizontal')
pack_inputs = dict(type='PackInputs')

train_cfg = dict(by_epoch=True)
val_cfg = dict()
test_cfg = dict()
