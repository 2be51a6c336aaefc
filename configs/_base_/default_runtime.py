default_scope = 'mmpose'

# hooks
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CrashSafeCheckpointHook', interval=10),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='PoseVisualizationHook', enable=False),
)

# NonFiniteLossGuardHook (mmfashion_lm.engine): skip the optimizer step of an
# iteration whose loss or gradient norm is NaN/inf, stop after
# max_consecutive_skips of them in a row. Configs that set custom_hooks must
# keep it (tests/test_engine/test_hooks/test_hooks_in_configs.py checks).
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='NonFiniteLossGuardHook', max_consecutive_skips=10),
]

# multi-processing and distributed settings (gloo is chosen automatically on
# machines without a GPU, see mmfashion_lm.utils.setup_cpu_distributed)
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

# visualizer
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='PoseLocalVisualizer', vis_backends=vis_backends, name='visualizer')

# logger
log_processor = dict(
    type='LogProcessor', window_size=50, by_epoch=True, num_digits=6)
log_level = 'INFO'
load_from = None
resume = False

# file I/O backend
backend_args = dict(backend='local')

# training/validation/testing progress
train_cfg = dict(by_epoch=True)
val_cfg = dict()
test_cfg = dict()
