# The upper-body model of the composite-fields combined model (one model per
# clothes type, seed 003 section 4.2.1): DeepFashion-C read bottom-up, whole
# images, in the 6 landmarks of the upper-body layout (collars, sleeves, hems).
# Training adds the full-body garments: "in training samples for the upper
# body model, also the full body images have been added, along with their
# first six keypoint annotations" (seed 003). Ours: the full-body garments'
# landmarks that match the upper layout's by name (collars, sleeves, hems;
# the full-body layout's first six would put a dress's waistlines in the
# hems' place) (DeepFashionClothesTypeSubsets,
# mmfashion_lm/datasets/deepfashion_clothes_type_subsets.py).
# Validation and test: the upper-body garments only, as the paper scores the
# combined model (each garment by the model of its ground-truth clothes
# type). Each image annotates one garment; the other garments in it carry no
# label and train as background (see ./deepfashion-c_bottomup.py). Data
# only, used as ./deepfashion-c_bottomup.py (the synthetic set: override
# datasets=dict(data_root='data/synthfashion/deepfashion/')); the codec's
# skeleton: composite_skeleton('deepfashion_upper').
data_root = 'data/deepfashion/'
# MMPoseInferencer builds no detector for a bottom-up config
data_mode = 'bottomup'
metainfo = dict(
    from_file='{{ fileDirname }}/../metainfo/deepfashion_upper.py')

train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='NonEmptyCombinedDataset',
        metainfo=metainfo,
        datasets=dict(
            type='DeepFashionClothesTypeSubsets',
            clothes_type='upper',
            data_root=data_root,
            data_mode=data_mode,
            ann_file='annotations/deepfashion_{subset}_train.json')))
val_dataloader = dict(
    train_dataloader,
    batch_size=8,  # fixed-size inputs (crop or resize): batches are fine
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        train_dataloader['dataset'],
        datasets=dict(
            train_dataloader['dataset']['datasets'],
            ann_file='annotations/deepfashion_{subset}_val.json',
            with_full_body=False,
            test_mode=True),
        test_mode=True))
test_dataloader = dict(
    val_dataloader,
    dataset=dict(
        val_dataloader['dataset'],
        datasets=dict(
            val_dataloader['dataset']['datasets'],
            ann_file='annotations/deepfashion_{subset}_test.json')))

# the crop protocol and the detection metrics, as ./deepfashion-c_bottomup.py
val_evaluator = [
    dict(
        type='FashionNEMetric',
        visibility='visible',
        norm_mode='bbox',
        instance_mode='best_score'),
    dict(
        type='LandmarkDetectionMetric',
        score_thr=0.5,
        norm_mode='bbox',
        instance_mode='best_score')
]
test_evaluator = val_evaluator
