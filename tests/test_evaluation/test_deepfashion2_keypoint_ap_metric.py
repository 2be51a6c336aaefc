from unittest import mock

import numpy as np
import pytest
from mmengine.logging import MMLogger
from mmengine.structures import InstanceData
from mmpose.registry import METRICS
from mmpose.structures import PoseDataSample

from mmfashion_lm.datasets.metainfo.deepfashion2 import \
    CATEGORY_BY_ID as DEEPFASHION2_CATEGORY_BY_ID
from mmfashion_lm.evaluation.functional import deepfashion2_keypoint_ap
from mmfashion_lm.evaluation.metrics import DeepFashion2KeypointAPMetric
from .test_keypoint_ap import make_item


def predict(rng, items):
    """Predictions for ``items`` (one image): noisy keypoints and random
    scores on all 294 slots, and box scores."""
    keypoints = np.stack([
        np.array(item['keypoints']).reshape(294, 3)[:, :2] +
        rng.normal(0, rng.choice([2., 8., 20.]), (294, 2)) for item in items
    ])
    return InstanceData(
        keypoints=keypoints,
        keypoint_scores=rng.uniform(.1, 1, (len(items), 294)),
        bbox_scores=rng.uniform(.5, 1, len(items)))


def expected_detections(pred_instances, image_id, category_ids):
    """The COCO detections the metric must build, written out directly."""
    detections = []
    for i, category_id in enumerate(category_ids):
        category = DEEPFASHION2_CATEGORY_BY_ID[category_id]
        scores = pred_instances.keypoint_scores[i]
        detections.append(
            dict(
                image_id=image_id,
                category_id=category_id,
                keypoints=np.column_stack(
                    [pred_instances.keypoints[i], scores]).ravel(),
                score=pred_instances.bbox_scores[i] *
                np.mean(scores[category['start']:category['end']])))
    return detections


@pytest.fixture
def dataset():
    """Ten images of 1-3 items: gt items per image and a random state."""
    rng = np.random.default_rng(0)
    images = {}
    for image_id in range(1, 11):
        images[image_id] = [
            make_item(rng, image_id * 10 + j, image_id, rng.choice([1, 7, 10]))
            for j in range(rng.integers(1, 4))
        ]
    return images, rng


def evaluate(metric, samples):
    metric.process([], [sample.to_dict() for sample in samples])
    return metric.evaluate(len(samples))


def test_topdown_samples_match_function(dataset):
    """One sample per item, its category from the gt box (mmpose's
    ``category_id``), as a top-down model on ground-truth boxes gives."""
    images, rng = dataset
    samples, detections = [], []
    for image_id, items in images.items():
        for item in items:
            sample = PoseDataSample(
                metainfo=dict(
                    img_id=image_id,
                    category_id=np.array(item['category_id']),
                    raw_ann_info=item))
            sample.pred_instances = predict(rng, [item])
            samples.append(sample)
            detections += expected_detections(sample.pred_instances, image_id,
                                              [item['category_id']])
    metric = METRICS.build(dict(type='DeepFashion2KeypointAPMetric'))
    logger = MMLogger.get_current_instance()
    with mock.patch.object(logger, 'info') as info:
        metrics = evaluate(metric, samples)

    expected = deepfashion2_keypoint_ap(
        dict(
            images=[dict(id=image_id) for image_id in images],
            annotations=[item for items in images.values() for item in items]),
        detections)
    assert 0 < expected['AP'] < 1
    assert metrics['deepfashion2/AP'] == pytest.approx(expected['AP'])
    assert metrics['deepfashion2/AP50'] == pytest.approx(expected['AP50'])
    assert metrics['deepfashion2/AP75'] == pytest.approx(expected['AP75'])
    for category_id, name in ((1, 'short_sleeved_shirt'), (7, 'shorts'),
                              (10, 'short_sleeved_dress')):
        assert metrics[f'deepfashion2/AP/{name}'] == pytest.approx(
            expected['per_category'][category_id]['AP'])
    assert len(metrics) == 6
    assert 'shorts' in info.call_args_list[-1].args[0]


def test_predicted_categories_and_several_instances(dataset):
    """One sample per image with all its items, each with a predicted
    category, as a bottom-up model gives; a wrong category counts as a
    false alarm of the predicted one."""
    images, rng = dataset
    samples, detections = [], []
    for image_id, items in images.items():
        sample = PoseDataSample(
            metainfo=dict(img_id=image_id, raw_ann_info=items))
        sample.pred_instances = predict(rng, items)
        category_ids = [item['category_id'] for item in items]
        if image_id == 3:
            category_ids[0] = 9
        sample.pred_instances.category_id = np.array(category_ids)
        samples.append(sample)
        detections += expected_detections(sample.pred_instances, image_id,
                                          category_ids)
    metrics = evaluate(DeepFashion2KeypointAPMetric(prefix='df2'), samples)

    expected = deepfashion2_keypoint_ap(
        dict(
            images=[dict(id=image_id) for image_id in images],
            annotations=[item for items in images.values() for item in items]),
        detections)
    assert metrics['df2/AP'] == pytest.approx(expected['AP'])
    # Category 9 (skirt) has no ground truth: no AP of its own.
    assert 'df2/AP/skirt' not in metrics


def test_bad_predicted_category_raises(dataset):
    images, rng = dataset
    sample = PoseDataSample(
        metainfo=dict(img_id=1, category_id=0, raw_ann_info=images[1][0]))
    sample.pred_instances = predict(rng, images[1][:1])
    with pytest.raises(ValueError, match='category_id'):
        DeepFashion2KeypointAPMetric().process([], [sample.to_dict()])


def test_bottomup_sample_without_predicted_categories_raises(dataset):
    """A bottom-up sample holds the categories of all its items; a model
    that predicts none cannot be scored per category."""
    images, rng = dataset
    items = next(items for items in images.values() if len(items) > 1)
    sample = PoseDataSample(
        metainfo=dict(
            img_id=1,
            category_id=[item['category_id'] for item in items],
            raw_ann_info=items))
    sample.pred_instances = predict(rng, items)
    with pytest.raises(ValueError, match='several items'):
        DeepFashion2KeypointAPMetric().process([], [sample.to_dict()])
