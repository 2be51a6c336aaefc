# The paper-size SANL-FPN (sanl-fpn_res101_320x320.py) on the landmarks of
# DeepFashion-C (Category and Attribute Prediction benchmark), all garments:
# like the paper, which reports the 8 landmarks of the full-body layout, the
# upper-body (6 landmarks), lower-body (4) and full-body (8) subsets are
# trained and evaluated together, each garment's landmarks in their slots of
# the 8-landmark layout (mmpose's KeypointConverter) and the slots it lacks
# absent (invisible: no loss, not evaluated). Convert the data first:
#   python tools/dataset_converters/deepfashion_to_coco.py \
#       --root data/deepfashion --out-dir data/deepfashion/annotations
_base_ = ['./sanl-fpn_res101_320x320.py']

# The AttentionNet trained on DeepFashion-C's categories, the last checkpoint
# of configs/sanl/sanl-attention_res18_deepfashion-c-224x224.py.
model = dict(
    attention=dict(
        classifier=dict(
            init_cfg=dict(
                type='Pretrained',
                checkpoint='work_dirs/sanl-attention_res18_deepfashion-c-'
                '224x224/epoch_16.pth'))))

# base dataset settings
dataset_type = 'DeepFashionDataset'
data_mode = 'topdown'
data_root = 'data/deepfashion/'
metainfo_dir = '{{ fileDirname }}/../../_base_/datasets/'
# named by path so that init_model and MMPoseInferencer find the landmark
# names without a checkpoint (see docs/datasets.md)
metainfo = dict(from_file=metainfo_dir + 'deepfashion_full.py')

# slots of each subset's landmarks in the full-body layout: collars 0-1,
# sleeves 2-3, waistlines 4-5, hems 6-7 (docs/datasets.md)
full_slots = dict(
    upper=(0, 1, 2, 3, 6, 7), lower=(4, 5, 6, 7), full=tuple(range(8)))


def subsets(split: str, test_mode: bool = False) -> list:
    """The three subsets of ``split``, their landmarks in full-body slots."""
    return [
        dict(
            type=dataset_type,
            subset=name,
            metainfo=dict(from_file=f'{metainfo_dir}deepfashion_{name}.py'),
            data_root=data_root,
            data_mode=data_mode,
            ann_file=f'annotations/deepfashion_{name}_{split}.json',
            data_prefix=dict(img=''),
            test_mode=test_mode,
            pipeline=[
                dict(
                    type='KeypointConverter',
                    num_keypoints=8,
                    mapping=list(enumerate(slots)))
            ]) for name, slots in full_slots.items()
    ]


# data loaders
train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='CombinedDataset',
        metainfo=metainfo,
        datasets=subsets('train'),
        pipeline={{_base_.train_pipeline}},
    ))
val_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type='CombinedDataset',
        metainfo=metainfo,
        datasets=subsets('val', test_mode=True),
        test_mode=True,
        pipeline={{_base_.val_pipeline}},
    ))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'], datasets=subsets('test', test_mode=True)))
