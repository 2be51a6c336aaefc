# The landmarks of DeepFashion-C (Category and Attribute Prediction
# benchmark) read top-down, all garments: like the papers, which report the 8
# landmarks of the full-body layout, the upper-body (6 landmarks),
# lower-body (4) and full-body (8) subsets are trained and evaluated
# together, each garment's landmarks in their slots of the 8-landmark layout
# (mmpose's KeypointConverter) and the slots it lacks absent (invisible: no
# loss, not evaluated). A split without garments of one type (a test set of
# dresses only) skips that subset with a warning (NonEmptyCombinedDataset,
# docs/datasets.md). Data only: the configs that inherit this add the
# pipelines:
#   train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
#   val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
#   test_dataloader = val_dataloader
# Convert the data first:
#   python tools/dataset_converters/deepfashion_to_coco.py \
#       --root data/deepfashion --out-dir data/deepfashion/annotations
dataset_type = 'DeepFashionDataset'
data_mode = 'topdown'
data_root = 'data/deepfashion/'
metainfo_dir = '{{ fileDirname }}/../datasets/'
# named by path so that init_model and MMPoseInferencer find the landmark
# names without a checkpoint (see docs/datasets.md)
metainfo = dict(from_file=metainfo_dir + 'deepfashion_full.py')

# slots of each subset's landmarks in the full-body layout: collars 0-1,
# sleeves 2-3, waistlines 4-5, hems 6-7 (docs/datasets.md)
full_slots = dict(
    upper=(0, 1, 2, 3, 6, 7), lower=(4, 5, 6, 7), full=tuple(range(8)))


def subsets(split: str, test_mode: bool = False) -> list:
    """The three subsets of ``split``, their landmarks in full-body slots."""
    datasets = []
    for name, slots in full_slots.items():
        mapping = list(enumerate(slots))
        datasets.append(
            dict(
                type=dataset_type,
                subset=name,
                metainfo=dict(
                    from_file=f'{metainfo_dir}deepfashion_{name}.py'),
                data_root=data_root,
                data_mode=data_mode,
                ann_file=f'annotations/deepfashion_{name}_{split}.json',
                data_prefix=dict(img=''),
                test_mode=test_mode,
                # the annotation's visibility flags (visible / occluded /
                # absent) move to the same slots as the landmarks
                pipeline=[
                    dict(
                        type='LoadKeypointVisibility',
                        num_keypoints=8,
                        mapping=mapping),
                    dict(
                        type='KeypointConverter',
                        num_keypoints=8,
                        mapping=mapping)
                ]))
    return datasets


train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='NonEmptyCombinedDataset',
        metainfo=metainfo,
        datasets=subsets('train')))
val_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type='NonEmptyCombinedDataset',
        metainfo=metainfo,
        datasets=subsets('val', test_mode=True),
        test_mode=True))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'], datasets=subsets('test', test_mode=True)))

# the DeepFashion protocol (Liu & Lu, ECCV-W 2018; docs/metrics.md): NE of
# the visible landmarks, normalised by the ground-truth box, per landmark
val_evaluator = dict(
    type='FashionNEMetric', visibility='visible', norm_mode='bbox')
test_evaluator = val_evaluator
