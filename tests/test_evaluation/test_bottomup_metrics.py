"""The metrics of a bottom-up (composite-fields) model, on hand-computed
values: FashionNEMetric(instance_mode='best_score'), LandmarkDetectionMetric
and FashionCocoMetric."""
import math

import numpy as np
import pytest
from mmengine.structures import InstanceData
from mmpose.registry import METRICS
from mmpose.structures import PoseDataSample

from mmfashion_lm.evaluation.metrics import (FashionCocoMetric,
                                             FashionNEMetric,
                                             LandmarkDetectionMetric)

NAMES = {0: 'left_collar', 1: 'right_collar', 2: 'left_sleeve',
         3: 'right_sleeve'}


def make_sample(gt, flags, pred=None, keypoint_scores=None,
                bbox_scores=None, ori_shape=(100, 200), bbox=None):
    """A bottom-up data sample of one annotated garment and the model's
    instances (none when ``pred`` is None)."""
    gt = np.asarray(gt, np.float64)[None]
    num_keypoints = gt.shape[1]
    gt_instances = InstanceData()
    gt_instances.keypoints = gt
    gt_instances.keypoints_visibility = np.asarray(flags, np.uint8)[None]
    pred_instances = InstanceData()
    if pred is None:
        pred_instances.keypoints = np.zeros((0, num_keypoints, 2))
        pred_instances.keypoint_scores = np.zeros((0, num_keypoints))
        pred_instances.bbox_scores = np.zeros(0)
    else:
        pred = np.asarray(pred, np.float64).reshape(-1, num_keypoints, 2)
        pred_instances.keypoints = pred
        pred_instances.keypoint_scores = (
            np.ones(pred.shape[:2]) if keypoint_scores is None else
            np.asarray(keypoint_scores, np.float64).reshape(pred.shape[:2]))
        if bbox_scores is not None:
            pred_instances.bbox_scores = np.asarray(bbox_scores, np.float64)
    metainfo = dict(ori_shape=ori_shape)
    if bbox is not None:
        metainfo['raw_ann_info'] = [dict(bbox=bbox)]
    sample = PoseDataSample(metainfo=metainfo)
    sample.gt_instances = gt_instances
    sample.pred_instances = pred_instances
    return sample.to_dict()


def evaluate(metric, samples, num_keypoints):
    metric.dataset_meta = dict(
        keypoint_id2name={k: NAMES[k] for k in range(num_keypoints)})
    metric.process([], samples)
    return metric.compute_metrics(metric.results)


def test_best_instance_and_missed_garment():
    """The highest bbox score is scored; a missed garment predicts every
    landmark at (0, 0), normalised by the image (w 200, h 100)."""
    samples = [
        make_sample([[10, 20], [50, 60]], [2, 2],
                    pred=[[[12, 20], [50, 70]], [[10, 24], [53, 60]]],
                    bbox_scores=[0.3, 0.9]),
        # nothing predicted; the occluded landmark does not count
        make_sample([[100, 50], [20, 10]], [2, 1]),
    ]
    metrics = evaluate(
        FashionNEMetric(instance_mode='best_score'), samples, 2)
    # left collar: 4 / 100 and sqrt(0.5 ** 2 + 0.5 ** 2); right: 3 / 200
    ne_0 = (0.04 + math.sqrt(0.5)) / 2
    assert metrics['NE/left_collar'] == pytest.approx(ne_0)
    assert metrics['NE/right_collar'] == pytest.approx(0.015)
    assert metrics['NE'] == pytest.approx((ne_0 + 0.015) / 2)


def test_best_instance_by_keypoint_scores_without_bbox_scores():
    sample = make_sample([[10, 20]], [2],
                         pred=[[[30, 20]], [[10, 30]]],
                         keypoint_scores=[[0.2], [0.7]])
    metrics = evaluate(
        FashionNEMetric(instance_mode='best_score'), [sample], 1)
    assert metrics['NE'] == pytest.approx(0.1)  # 10 / 100


def test_missed_garment_at_the_boxs_origin():
    """With the crop protocol's frame (the ground-truth box), the origin is
    the box's top-left corner: the crop's pixel (0, 0)."""
    sample = make_sample([[30, 45]], [2], bbox=[10, 20, 40, 50])
    metrics = evaluate(
        FashionNEMetric(norm_mode='bbox', instance_mode='best_score'),
        [sample], 1)
    # (20 / 40, 25 / 50)
    assert metrics['NE'] == pytest.approx(math.sqrt(0.5))


def test_best_score_needs_one_annotated_garment():
    sample = make_sample([[10, 20]], [2], pred=[[[10, 20]]])
    sample['gt_instances']['keypoints'] = np.zeros((2, 1, 2))
    sample['gt_instances']['keypoints_visibility'] = np.full((2, 1), 2)
    metric = FashionNEMetric(instance_mode='best_score')
    with pytest.raises(ValueError, match='annotates 2'):
        metric.process([], [sample])
    with pytest.raises(ValueError, match='instance_mode'):
        FashionNEMetric(instance_mode='closest')


def test_paired_mode_points_bottom_up_models_to_best_score():
    sample = make_sample([[10, 20]], [2], pred=[[[10, 20]], [[1, 2]]])
    with pytest.raises(ValueError, match="instance_mode='best_score'"):
        FashionNEMetric().process([], [sample])


def test_detection_metrics():
    """Score threshold 0.5, images of 100 x 100: NE over the predicted
    visible landmarks, the share predicted of the absent (v = 0), the
    occluded (v = 1) and the visible (v = 2) ones."""
    samples = [
        make_sample([[10, 10], [20, 20], [0, 0], [40, 40]], [2, 2, 0, 1],
                    pred=[[10 + 2, 10], [20, 30], [5, 5], [40, 40]],
                    keypoint_scores=[0.9, 0.4, 0.6, 0.7],
                    ori_shape=(100, 100)),
        # no instance: nothing predicted
        make_sample([[50, 50], [60, 60], [0, 0], [0, 0]], [2, 2, 0, 0],
                    ori_shape=(100, 100)),
        make_sample([[30, 30], [40, 40], [70, 70], [0, 0]], [2, 2, 1, 0],
                    pred=[[30, 35], [44, 40], [70, 70], [1, 1]],
                    keypoint_scores=[0.8, 0.8, 0.2, 0.9],
                    ori_shape=(100, 100)),
    ]
    metric = METRICS.build(
        dict(type='LandmarkDetectionMetric', score_thr=0.5))
    metrics = evaluate(metric, samples, 4)
    # left collar predicted in samples 1 (2 px) and 3 (5 px); right collar
    # in sample 3 (4 px) only
    assert metrics['NE_confident/left_collar'] == pytest.approx(0.035)
    assert metrics['NE_confident/right_collar'] == pytest.approx(0.04)
    assert math.isnan(metrics['NE_confident/left_sleeve'])
    assert metrics['NE_confident'] == pytest.approx(0.0375)
    # absent: s1 sleeve (yes), s2 both sleeves (no), s3 right sleeve (yes)
    assert metrics['predicted_absent'] == pytest.approx(2 / 4)
    assert metrics['predicted_absent/left_sleeve'] == pytest.approx(1 / 2)
    assert metrics['predicted_absent/right_sleeve'] == pytest.approx(1 / 2)
    assert math.isnan(metrics['predicted_absent/left_collar'])
    # occluded: s1 right sleeve (yes), s3 left sleeve (no, score 0.2)
    assert metrics['predicted_occluded'] == pytest.approx(1 / 2)
    assert metrics['predicted_occluded/right_sleeve'] == 1
    assert metrics['predicted_occluded/left_sleeve'] == 0
    # visible: 3 of 6
    assert metrics['predicted_visible'] == pytest.approx(3 / 6)
    assert metrics['predicted_visible/left_collar'] == pytest.approx(2 / 3)
    assert metrics['predicted_visible/right_collar'] == pytest.approx(1 / 3)


def test_detection_metrics_threshold_is_strict():
    sample = make_sample([[10, 10]], [2], pred=[[12, 10]],
                         keypoint_scores=[0.5], ori_shape=(100, 100))
    metrics = evaluate(LandmarkDetectionMetric(score_thr=0.5), [sample], 1)
    assert metrics['predicted_visible'] == 0
    assert math.isnan(metrics['NE_confident'])


def coco_sample(img_id, garments, shift=0.):
    """A bottom-up sample of several garments in the 8-slot layout, each
    ``(keypoints (8, 2), flags (8,), area)``, the predictions shifted by
    ``shift`` pixels in x on every landmark."""
    anns, preds = [], []
    for i, (keypoints, flags, area) in enumerate(garments):
        keypoints = np.asarray(keypoints, np.float64)
        anns.append(
            dict(
                id=img_id * 10 + i,
                image_id=img_id,
                category_id=1,
                bbox=[0, 0, 10, 10],
                area=area,
                iscrowd=0,
                keypoints=np.column_stack([keypoints,
                                           flags]).ravel().tolist()))
        preds.append(keypoints + [shift, 0])
    return dict(
        id=[ann['id'] for ann in anns],
        img_id=img_id,
        # a bottom-up sample's category_id: one per annotation
        category_id=[1] * len(anns),
        ori_shape=(100, 100),
        raw_ann_info=anns,
        gt_instances=dict(),
        pred_instances=dict(
            keypoints=np.stack(preds),
            keypoint_scores=np.ones((len(preds), 8)),
            bbox_scores=np.ones(len(preds))))


def _garment(x0):
    keypoints = np.array([[x0 + 2 * k, 10 + 5 * k] for k in range(8)], float)
    flags = np.array([2, 2, 2, 1, 0, 0, 2, 2])
    return keypoints, flags, 100.


def _coco(metric, samples):
    metric.dataset_meta = dict(dataset_name='test', num_keypoints=8,
                               sigmas=np.array([]))
    metric.process([], samples)
    return metric.compute_metrics(metric.results)


def test_coco_metric_scores_several_garments():
    """Perfect predictions of every garment: AP 1, with mmpose's bottom-up
    samples (category_id lists) that CocoMetric alone cannot score."""
    samples = [
        coco_sample(1, [_garment(10), _garment(60)]),
        coco_sample(2, [_garment(30)])
    ]
    metrics = _coco(FashionCocoMetric(), samples)
    assert metrics['AP'] == pytest.approx(1.0)


@pytest.mark.parametrize('kwargs, ap', [
    (dict(), 0.5),  # sigma 0.05: OKS 0.72
    (dict(default_sigma=0.1), 0.9),  # OKS 0.921
    (dict(sigmas=[0.1] * 8), 0.9),
])
def test_coco_metric_sigmas(kwargs, ap):
    """One garment of area 100, every landmark d pixels off: OKS =
    exp(-d^2 / (2 * 100 * (2 sigma)^2)); d^2 = -2 ln 0.72 gives OKS 0.72
    with sigma 0.05 (AP at OKS 0.50..0.70: 5 of 10 thresholds) and 0.921
    with sigma 0.1 (0.50..0.90: 9 of 10)."""
    shift = math.sqrt(-2 * math.log(0.72))
    metrics = _coco(
        FashionCocoMetric(**kwargs), [coco_sample(1, [_garment(10)], shift)])
    assert metrics['AP'] == pytest.approx(ap)


def test_coco_metric_refuses_wrong_sigmas():
    metric = FashionCocoMetric(sigmas=[0.1] * 3)
    with pytest.raises(ValueError, match='3 sigmas'):
        metric.dataset_meta = dict(num_keypoints=8, sigmas=np.array([]))
    with pytest.raises(ValueError, match='default_sigma'):
        FashionCocoMetric(default_sigma=0)
