from unittest import mock

import numpy as np
import pytest
from mmengine.logging import MMLogger
from mmengine.structures import InstanceData
from mmpose.registry import METRICS
from mmpose.structures import PoseDataSample

from mmfashion_lm.evaluation.functional import (normalized_error,
                                                percentage_detected)
from mmfashion_lm.evaluation.metrics import FashionNEMetric

NAMES = ('left_collar', 'right_collar', 'left_sleeve', 'right_sleeve')


def make_sample(rng, height, width, keypoints_visibility):
    """A top-down data sample as the model hands it to the evaluator; its
    ground truth lies inside the image and the box."""
    gt_instances = InstanceData()
    gt_instances.keypoints = rng.uniform(20, 80, (1, 4, 2))
    gt_instances.keypoints_visibility = keypoints_visibility
    x1, y1 = rng.uniform(0, 20, 2)
    gt_instances.bboxes = np.array([[x1, y1, x1 + 80, y1 + 120]])
    pred_instances = InstanceData()
    pred_instances.keypoints = gt_instances.keypoints + rng.normal(
        0, 5, (1, 4, 2))
    pred_instances.keypoint_scores = np.ones((1, 4))
    sample = PoseDataSample(metainfo=dict(ori_shape=(height, width)))
    sample.gt_instances = gt_instances
    sample.pred_instances = pred_instances
    return sample


@pytest.fixture
def samples():
    rng = np.random.default_rng(0)
    # COCO flags: 2 visible, 1 occluded, 0 absent; right_sleeve is never
    # visible.
    visibility = [[2, 2, 0, 1], [2, 1, 2, 0], [0, 2, 2, 1]]
    shapes = [(200, 100), (300, 300), (250, 150)]
    return [
        make_sample(rng, *shape, np.array([visible]))
        for shape, visible in zip(shapes, visibility)
    ]


def stacked(samples, norm_mode, min_flag=2):
    pred = np.concatenate([s.pred_instances.keypoints for s in samples])
    gt = np.concatenate([s.gt_instances.keypoints for s in samples])
    visible = np.concatenate(
        [s.gt_instances.keypoints_visibility for s in samples]) >= min_flag
    boxes = np.concatenate([s.gt_instances.bboxes for s in samples])
    norm_size = {
        'image': np.array([s.ori_shape[::-1] for s in samples]),
        'bbox': boxes[:, 2:] - boxes[:, :2],
        'area': np.sqrt(np.prod(boxes[:, 2:] - boxes[:, :2], axis=1)),
    }[norm_mode]
    return pred, gt, visible, norm_size


def evaluate(metric, samples):
    metric.dataset_meta = dict(keypoint_id2name=dict(enumerate(NAMES)))
    metric.process([], [sample.to_dict() for sample in samples])
    return metric.evaluate(len(samples))


@pytest.mark.parametrize('norm_mode', ['image', 'bbox', 'area'])
def test_ne_matches_function(samples, norm_mode):
    metric = METRICS.build(dict(type='FashionNEMetric', norm_mode=norm_mode))
    metrics = evaluate(metric, samples)

    per_landmark, mean = normalized_error(*stacked(samples, norm_mode))
    assert metrics['NE'] == pytest.approx(mean)
    for name, value in zip(NAMES[:3], per_landmark):
        assert metrics[f'NE/{name}'] == pytest.approx(value)
    assert np.isnan(metrics['NE/right_sleeve'])
    assert set(metrics) == {'NE', *(f'NE/{name}' for name in NAMES)}


def test_image_norm_hand_computed():
    """One 100 x 200 (w x h) image: errors (3, 8) and (0, 20) pixels give
    0.05 and 0.1."""
    sample = PoseDataSample(metainfo=dict(ori_shape=(200, 100)))
    sample.gt_instances = InstanceData(
        keypoints=np.zeros((1, 2, 2)), keypoints_visibility=np.full((1, 2), 2))
    sample.pred_instances = InstanceData(
        keypoints=np.array([[[3., 8.], [0., 20.]]]))
    metrics = evaluate(FashionNEMetric(pdl_thr=0.07), [sample])
    assert metrics['NE'] == pytest.approx(0.075)
    assert metrics['NE/left_collar'] == pytest.approx(0.05)
    assert metrics['PDL'] == pytest.approx(0.5)
    assert metrics['PDL/right_collar'] == 0


def test_pdl_and_prefix(samples):
    metric = FashionNEMetric(norm_mode='bbox', pdl_thr=0.05, prefix='fld')
    metrics = evaluate(metric, samples)
    per_landmark, overall = percentage_detected(
        *stacked(samples, 'bbox'), thr=0.05)
    assert metrics['fld/PDL'] == pytest.approx(overall)
    assert metrics['fld/PDL/left_collar'] == pytest.approx(per_landmark[0])
    assert 'fld/NE' in metrics


def test_logs_per_landmark_table(samples):
    metric = FashionNEMetric(pdl_thr=0.05)
    logger = MMLogger.get_current_instance()
    with mock.patch.object(logger, 'info') as info:
        evaluate(metric, samples)
    table = info.call_args_list[-1].args[0]
    for word in (*NAMES, 'NE', 'PDL', 'counted', 'overall'):
        assert word in table


def test_in_picture_counts_occluded_landmarks(samples):
    metrics = evaluate(FashionNEMetric(visibility='in_picture'), samples)
    per_landmark, mean = normalized_error(
        *stacked(samples, 'image', min_flag=1))
    assert metrics['NE'] == pytest.approx(mean)
    # right_sleeve is occluded in two samples: it counts now
    assert metrics['NE/right_sleeve'] == pytest.approx(per_landmark[3])
    assert not np.isnan(per_landmark[3])


@pytest.mark.parametrize('norm_mode', ['image', 'bbox'])
def test_landmarks_outside_the_frame_do_not_count(norm_mode):
    """A visible landmark outside the evaluated frame (the 100 x 200 image,
    or the box x 10..60, y 20..120) is left out, however far its
    prediction."""
    sample = PoseDataSample(metainfo=dict(ori_shape=(200, 100)))
    outside = [[150., 50.], [40., 150.]][norm_mode == 'bbox']
    sample.gt_instances = InstanceData(
        keypoints=np.array([[[30., 40.], outside]]),
        keypoints_visibility=np.full((1, 2), 2),
        bboxes=np.array([[10., 20., 60., 120.]]))
    sample.pred_instances = InstanceData(
        keypoints=np.array([[[35., 40.], [0., 0.]]]))
    metrics = evaluate(FashionNEMetric(norm_mode=norm_mode), [sample])
    width = 100 if norm_mode == 'image' else 50
    assert metrics['NE'] == pytest.approx(5 / width)
    assert np.isnan(metrics['NE/right_collar'])


def test_bbox_frame_is_the_annotation_box():
    """The box of ``raw_ann_info`` (COCO xywh), not mmpose's clipped
    ``gt_instances.bboxes``."""
    sample = PoseDataSample(metainfo=dict(
        ori_shape=(200, 100), raw_ann_info=dict(bbox=[0, 0, 100, 200])))
    sample.gt_instances = InstanceData(
        keypoints=np.array([[[50., 50.]]]),
        keypoints_visibility=np.full((1, 1), 2),
        bboxes=np.array([[0., 0., 99., 199.]]))
    sample.pred_instances = InstanceData(keypoints=np.array([[[60., 50.]]]))
    metrics = evaluate(FashionNEMetric(norm_mode='bbox'), [sample])
    assert metrics['NE'] == pytest.approx(0.1)


def test_missing_visibility_is_a_clear_error(samples):
    sample = samples[0]
    del sample.gt_instances.keypoints_visibility
    with pytest.raises(KeyError, match='LoadKeypointVisibility'):
        FashionNEMetric().process([], [sample.to_dict()])


def test_landmark_names_default_to_indices(samples):
    metric = FashionNEMetric()
    metric.process([], [sample.to_dict() for sample in samples])
    assert 'NE/0' in metric.evaluate(len(samples))


def test_bad_arguments_raise(samples):
    with pytest.raises(ValueError, match='norm_mode'):
        FashionNEMetric(norm_mode='torso')
    with pytest.raises(ValueError, match='landmarks must be one of'):
        FashionNEMetric(visibility='occluded')
    sample = samples[0]
    sample.pred_instances.keypoints = np.zeros((1, 3, 2))
    with pytest.raises(ValueError, match='pred_instances.keypoints'):
        FashionNEMetric().process([], [sample.to_dict()])
