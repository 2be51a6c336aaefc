"""The annotation's visibility flags, carried from the json into the data
samples (LoadKeypointVisibility -> PackFashionInputs), the landmarks that
train (SelectTrainingLandmarks), and the DeepFashion-C protocol's NE on a
hand-built sample through the converter, the dataset and the metric."""
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.structures import InstanceData
from mmpose.registry import DATASETS, TRANSFORMS

from mmfashion_lm.evaluation.metrics import FashionNEMetric
from ..conftest import REPO_ROOT, requires_shared_data

DATA_CONFIG = osp.join(REPO_ROOT, 'configs', '_base_', 'dataloaders',
                       'deepfashion-c_topdown.py')
FULL_FLIP_INDICES = [1, 0, 3, 2, 5, 4, 7, 6]
# COCO flags of a full-body garment: visible collars, occluded left sleeve,
# absent (truncated) left hem
FLAGS = [2, 2, 1, 2, 2, 2, 0, 1]


@pytest.fixture(autouse=True)
def mmpose_scope():
    init_default_scope('mmpose')


def _annotation(offset=0.):
    keypoints = []
    for k, flag in enumerate(FLAGS):
        keypoints += [0., 0., 0] if flag == 0 else [
            20. + 10 * k + offset, 30. + 5 * k, flag
        ]
    return dict(keypoints=keypoints, bbox=[10., 10., 100., 80.])


def _sample(bottomup=False):
    """A loaded sample as mmpose's datasets hand it to the pipeline: one
    garment top-down, two bottom-up."""
    annotations = [_annotation(), _annotation(offset=3.)][:2 if bottomup else
                                                             1]
    keypoints = np.array([np.reshape(a['keypoints'], (-1, 3))[:, :2]
                          for a in annotations], np.float32)
    flags = np.array([FLAGS] * len(annotations))
    return dict(
        img=np.zeros((120, 160, 3), np.uint8),
        img_shape=(120, 160),
        ori_shape=(120, 160),
        img_id=0,
        img_path='garment.jpg',
        id=list(range(len(annotations))),
        bbox=np.array([[10., 10., 110., 90.]] * len(annotations), np.float32),
        bbox_score=np.ones(len(annotations), np.float32),
        category_id=[1] * len(annotations),
        keypoints=keypoints,
        keypoints_visible=np.minimum(1, flags).astype(np.float32),
        flip_indices=FULL_FLIP_INDICES,
        raw_ann_info=annotations if bottomup else annotations[0])


def _run(pipeline, results):
    for step in pipeline:
        results = TRANSFORMS.build(step)(results)
    return results


CODEC = dict(type='MSRAHeatmap', input_size=(64, 64), heatmap_size=(16, 16),
             sigma=2)
PIPELINES = dict(
    topdown=[
        dict(type='LoadKeypointVisibility'),
        dict(type='GetBBoxCenterScale'),
        dict(type='RandomFlip', prob=1.),
        dict(type='TopdownAffine', input_size=(64, 64)),
        dict(type='PackFashionInputs'),
    ],
    bottomup=[
        dict(type='LoadKeypointVisibility'),
        dict(type='RandomFlip', prob=1.),
        dict(type='BottomupRandomAffine', input_size=(64, 64)),
        dict(type='PackFashionInputs'),
    ])


@pytest.mark.parametrize('mode', ['topdown', 'bottomup'])
def test_flags_follow_flip_and_affine(mode):
    sample = _run(PIPELINES[mode], _sample(bottomup=mode == 'bottomup'))
    flags = sample['data_samples'].gt_instances.keypoints_visibility
    # the flip swapped the symmetric pairs; the warp changed no flag
    expected = np.array(FLAGS)[FULL_FLIP_INDICES]
    assert flags.dtype == np.uint8
    np.testing.assert_array_equal(flags, [expected] * len(flags))
    assert len(flags) == (2 if mode == 'bottomup' else 1)


def test_flags_without_flip_are_the_annotation_s():
    pipeline = [step for step in PIPELINES['topdown']
                if step['type'] != 'RandomFlip']
    sample = _run(pipeline, _sample())
    np.testing.assert_array_equal(
        sample['data_samples'].gt_instances.keypoints_visibility, [FLAGS])


def test_mapping_follows_keypoint_converter():
    """A lower-body garment's 4 landmarks into the 8 full-body slots."""
    lower = [2, 1, 2, 0]
    mapping = list(enumerate((4, 5, 6, 7)))
    results = dict(
        keypoints=np.zeros((1, 4, 2)),
        keypoints_visible=np.minimum(1, [lower]).astype(np.float32),
        raw_ann_info=dict(keypoints=sum(([5., 5., f] for f in lower), [])))
    results = _run([
        dict(type='LoadKeypointVisibility', num_keypoints=8, mapping=mapping),
        dict(type='KeypointConverter', num_keypoints=8, mapping=mapping),
        # a second load (the combined dataset's own pipeline) keeps them
        dict(type='LoadKeypointVisibility'),
    ], results)
    np.testing.assert_array_equal(results['keypoints_visibility'],
                                  [[0, 0, 0, 0, 2, 1, 2, 0]])


def test_load_errors_name_the_problem():
    with pytest.raises(ValueError, match='num_keypoints and mapping'):
        TRANSFORMS.build(dict(type='LoadKeypointVisibility', num_keypoints=8))
    results = _sample()
    del results['raw_ann_info']
    with pytest.raises(KeyError, match="raw_ann_info.*garment.jpg"):
        _run([dict(type='LoadKeypointVisibility')], results)
    results = _sample()
    results['keypoints'] = np.zeros((1, 6, 2))
    with pytest.raises(ValueError, match='before any KeypointConverter'):
        _run([dict(type='LoadKeypointVisibility')], results)


@pytest.mark.parametrize('landmarks, expected', [
    ('visible', [1, 1, 0, 1, 1, 1, 0, 0]),
    ('in_picture', [1, 1, 1, 1, 1, 1, 0, 1]),
])
def test_training_landmarks_set_the_keypoint_weights(landmarks, expected):
    pipeline = [
        dict(type='LoadKeypointVisibility'),
        dict(type='SelectTrainingLandmarks', landmarks=landmarks),
        dict(type='GetBBoxCenterScale'),
        dict(type='RandomFlip', prob=1.),
        dict(type='TopdownAffine', input_size=(64, 64)),
        dict(type='GenerateTarget', encoder=CODEC),
        dict(type='PackFashionInputs'),
    ]
    sample = _run(pipeline, _sample())['data_samples']
    weights = sample.gt_instance_labels.keypoint_weights.numpy()
    np.testing.assert_array_equal(weights,
                                  [np.array(expected)[FULL_FLIP_INDICES]])
    # landmarks left out get an empty target map
    heatmaps = sample.gt_fields.heatmaps.numpy()
    left_out = np.array(expected)[FULL_FLIP_INDICES] == 0
    assert heatmaps[left_out].max() == 0
    assert heatmaps[~left_out].max(axis=(1, 2)).min() > 0.5


def test_training_landmarks_before_flip_only():
    with pytest.raises(RuntimeError, match='before RandomFlip'):
        _run([
            dict(type='LoadKeypointVisibility'),
            dict(type='RandomFlip', prob=0.),
            dict(type='SelectTrainingLandmarks'),
        ], _sample())
    with pytest.raises(ValueError, match='landmarks must be one of'):
        TRANSFORMS.build(dict(type='SelectTrainingLandmarks',
                              landmarks='occluded'))


@requires_shared_data
def test_deepfashion_c_protocol_ne_by_hand(deepfashion_root):
    """The test split of the native fixture is a dress (140 x 220 image,
    box 0 0 140 220): collars, right sleeve and waistlines visible, left
    sleeve and right hem occluded, left hem truncated. Predictions are
    moved by hand; the left sleeve's far away."""
    cfg = Config.fromfile(DATA_CONFIG).test_dataloader.dataset
    cfg.datasets.data_root = deepfashion_root
    cfg.pipeline = [dict(type='LoadImage'), dict(type='PackFashionInputs')]
    dataset = DATASETS.build(cfg)
    [packed] = [dataset[i] for i in range(len(dataset))]
    data_sample = packed['data_samples']
    np.testing.assert_array_equal(
        data_sample.gt_instances.keypoints_visibility,
        [[2, 2, 1, 2, 2, 2, 0, 1]])
    gt = data_sample.gt_instances.keypoints
    moves = np.array([[14, 0], [0, 22], [70, 0], [7, 11], [0, 0],
                      [-14, -22], [5, 5], [0, 0]], np.float64)
    data_sample.pred_instances = InstanceData(keypoints=gt + moves)
    sample = data_sample.to_dict()

    def ne(visibility):
        metric = FashionNEMetric(visibility=visibility, norm_mode='bbox')
        metric.dataset_meta = dataset.metainfo
        metric.process([], [sample])
        return metric.evaluate(1)

    # distances / (140, 220): .1, .1, (.5), sqrt(2) * .05, 0, sqrt(2) * .1,
    # (truncated), (0)
    visible = ne('visible')
    assert visible['NE'] == pytest.approx(
        (.1 + .1 + np.sqrt(2) * .05 + 0 + np.sqrt(2) * .1) / 5)
    assert np.isnan(visible['NE/left sleeve'])
    in_picture = ne('in_picture')
    assert in_picture['NE'] == pytest.approx(
        (.1 + .1 + .5 + np.sqrt(2) * .05 + 0 + np.sqrt(2) * .1 + 0) / 7)
    assert in_picture['NE/left sleeve'] == pytest.approx(.5)
    assert np.isnan(in_picture['NE/left hem'])
