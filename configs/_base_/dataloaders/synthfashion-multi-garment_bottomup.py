# The synthetic set's multi-garment images (its DeepFashion2 layout, 1 to 3
# garments per image) in the 8 slots of DeepFashion's full-body layout, read
# bottom-up: every garment is labelled, with the DeepFashion landmarks the
# generator records for each DeepFashion2 item (`deepfashion_landmarks`, an
# extension of the real format; docs/datasets.md), the slots its clothes
# type lacks absent. Scored by multi-instance keypoint AP
# (FashionCocoMetric: mmpose's CocoMetric with OKS sigmas of 0.05 for each
# of the 8 landmarks, ours, as the composite-fields codec's default; the
# DeepFashion tables have none). The real DeepFashion2 has no such
# landmarks: ./deepfashion2_bottomup.py reads its 294 slots. Data only: the
# configs that inherit this add the pipelines
# (../pipelines/bottomup_square-crop.py; whole images, val_pipeline):
#   train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
#   val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
#   test_dataloader = val_dataloader
# Generate and convert the data first (the converter writes
# deepfashion2_<split>_deepfashion.json beside the 294-slot json):
#   python tools/misc/generate_synthfashion.py --out data/synthfashion \
#       --layouts deepfashion2
#   python tools/dataset_converters/deepfashion2_to_coco.py \
#       --root data/synthfashion/deepfashion2 \
#       --out-dir data/synthfashion/deepfashion2/annotations
data_root = 'data/synthfashion/deepfashion2/'
# MMPoseInferencer builds no detector for a bottom-up config
data_mode = 'bottomup'
metainfo = dict(from_file='{{ fileDirname }}/../metainfo/deepfashion_full.py')

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='DeepFashionDataset',
        subset='full',
        metainfo=metainfo,
        data_root=data_root,
        data_mode=data_mode,
        ann_file='annotations/deepfashion2_train_deepfashion.json',
        data_prefix=dict(img='')))
# DeepFashion2 has no public test annotations; the synthetic set keeps its
# two splits: validation is the test set too
val_dataloader = dict(
    train_dataloader,
    batch_size=8,  # fixed-size inputs: batches are fine
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        train_dataloader['dataset'],
        ann_file='annotations/deepfashion2_validation_deepfashion.json',
        test_mode=True))
test_dataloader = val_dataloader

val_evaluator = dict(type='FashionCocoMetric', default_sigma=0.05)
test_evaluator = val_evaluator
