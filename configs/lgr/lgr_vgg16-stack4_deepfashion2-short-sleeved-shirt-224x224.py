# LGR on one DeepFashion2 category, short sleeved shirt (category 1), ours:
# the paper-size model (_base_/lgr_vgg16_224x224.py, from scratch as the
# paper trains LGR) over a different layout graph, declared as data next to
# the category's metainfo: 25 leaves ->
# 6 clothes-part nodes (neckline, sleeves, sides, hem) -> 3 body-part nodes
# (neck, sleeves, torso) -> root
# (configs/_base_/metainfo/deepfashion2_short_sleeved_shirt_layout_graph.py).
# DeepFashion2CategoryDataset keeps the category's annotations and their 25
# landmark slots. Convert the data first (docs/datasets.md):
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/deepfashion2 --out-dir data/deepfashion2/annotations
_base_ = ['./_base_/lgr_vgg16_224x224.py']

metainfo_dir = '{{ fileDirname }}/../_base_/metainfo/'
metainfo = dict(from_file=metainfo_dir + 'deepfashion2_short_sleeved_shirt.py')
layout_graph = dict(
    from_file=metainfo_dir +
    'deepfashion2_short_sleeved_shirt_layout_graph.py')

num_landmarks = 25
lgr_plugin = dict(
    _base_.lgr_plugin, cfg=dict(_base_.lgr_stack, layout_graph=layout_graph))
model = dict(
    metainfo=metainfo,
    backbone=dict(plugins=[lgr_plugin]),
    head=dict(out_channels=num_landmarks))

# data: top-down on the ground-truth boxes of the category's garments
dataset = dict(
    type='DeepFashion2CategoryDataset',
    category=1,
    metainfo=metainfo,
    data_root='data/deepfashion2/',
    data_mode='topdown',
    data_prefix=dict(img=''))
train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        dataset,
        ann_file='annotations/deepfashion2_train.json',
        pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        dataset,
        ann_file='annotations/deepfashion2_validation.json',
        test_mode=True,
        pipeline={{_base_.val_pipeline}}))
test_dataloader = val_dataloader

# DeepFashion2's keypoint AP: COCO OKS with the official sigmas, the
# category's landmarks scored in their slots of the 294, the ground truth
# taken from the dataset's samples (docs/metrics.md)
val_evaluator = dict(type='DeepFashion2KeypointAPMetric')
test_evaluator = val_evaluator

# schedule (ours, the paper has no DeepFashion2 run): the paper's schedule
# for DeepFashion and its FFLD (Sec. 4.1), the dataset most like DeepFashion2
# (consumer images, many garment types): lr x0.1 every 10 epochs, at most 30
# epochs, early stopping on the validation AP (an improvement: a rise of at
# least 1e-3, the last digit AP is reported to)
decay_every = 10
max_epochs = 30
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = dict(step_size=decay_every)
default_hooks = dict(
    checkpoint=dict(save_best='deepfashion2/AP', rule='greater'),
    early_stopping=dict(
        monitor='deepfashion2/AP',
        rule='greater',
        min_delta=1e-3,
        patience=decay_every))
