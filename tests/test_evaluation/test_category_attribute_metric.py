import numpy as np
import pytest
import torch
from mmpose.registry import METRICS
from mmpose.structures import PoseDataSample

from mmfashion_lm.evaluation.functional import (attribute_topk_recall,
                                                category_topk_accuracy)
from mmfashion_lm.evaluation.metrics import CategoryAttributeMetric

NUM_CATEGORIES, NUM_ATTRIBUTES = 10, 30
GROUPS = np.repeat([1, 2, 3, 4, 5], NUM_ATTRIBUTES // 5)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    num_images = 25
    return dict(
        category_scores=rng.random((num_images, NUM_CATEGORIES)),
        category_labels=rng.integers(0, NUM_CATEGORIES, num_images),
        attribute_scores=rng.random((num_images, NUM_ATTRIBUTES)),
        attribute_labels=(rng.random((num_images, NUM_ATTRIBUTES))
                          < 0.2).astype(np.int64))


def make_samples(data):
    """Data samples as a category / attribute head fills them: tensors,
    the category label as a one-element tensor like mmpretrain's."""
    samples = []
    for i in range(len(data['category_labels'])):
        sample = PoseDataSample()
        sample.set_field(
            torch.from_numpy(data['category_scores'][i]),
            'pred_category_score')
        sample.set_field(
            torch.tensor([data['category_labels'][i]]), 'gt_category_label')
        sample.set_field(
            torch.from_numpy(data['attribute_scores'][i]),
            'pred_attribute_score')
        sample.set_field(
            torch.from_numpy(data['attribute_labels'][i]),
            'gt_attribute_label')
        samples.append(sample.to_dict())
    return samples


def evaluate(metric, samples, dataset_meta=None):
    metric.dataset_meta = dataset_meta or {}
    metric.process([], samples)
    return metric.evaluate(len(samples))


def test_matches_functions(data):
    metric = METRICS.build(
        dict(type='CategoryAttributeMetric', attr_groups=GROUPS.tolist()))
    metrics = evaluate(metric, make_samples(data))

    accuracy = category_topk_accuracy(data['category_scores'],
                                      data['category_labels'], (1, 3, 5))
    recall = attribute_topk_recall(data['attribute_scores'],
                                   data['attribute_labels'], (3, 5), GROUPS)
    names = dict(enumerate(('texture', 'fabric', 'shape', 'part', 'style'), 1))
    expected = {f'category_accuracy/top{k}': accuracy[k] for k in (1, 3, 5)}
    for k in (3, 5):
        expected[f'attribute_recall/top{k}'] = recall['overall'][k]
        for group, name in names.items():
            expected[f'attribute_recall/{name}/top{k}'] = recall[group][k]
    assert metrics == pytest.approx(expected)


def test_hand_computed():
    sample = PoseDataSample()
    sample.set_field(np.array([0.1, 0.5, 0.2, 0.9]), 'pred_category_score')
    sample.set_field(1, 'gt_category_label')
    sample.set_field(np.array([.9, .1, .8, .2]), 'pred_attribute_score')
    sample.set_field(np.array([1, 1, -1, 0]), 'gt_attribute_label')
    metric = CategoryAttributeMetric(
        topk=(1, 2),
        attr_topk=(2, ),
        attr_groups=[7, 7, 8, 8],
        attr_group_names={7: 'cut'})
    # The label ranks second; the top 2 attributes 0, 2 hold one of the two
    # positives; in group 7 both are found, group 8 has no positive.
    metrics = evaluate(metric, [sample.to_dict()])
    assert metrics['category_accuracy/top1'] == 0
    assert metrics['category_accuracy/top2'] == 1
    assert metrics['attribute_recall/top2'] == 0.5
    assert metrics['attribute_recall/cut/top2'] == 1
    assert np.isnan(metrics['attribute_recall/8/top2'])


def test_groups_from_dataset_meta(data):
    metrics = evaluate(CategoryAttributeMetric(), make_samples(data),
                       dict(attribute_groups=GROUPS))
    assert 'attribute_recall/style/top5' in metrics
    metrics = evaluate(CategoryAttributeMetric(), make_samples(data))
    assert not any(key.count('/') == 2 for key in metrics)


def test_tasks_can_be_skipped(data):
    samples = [{
        key: value
        for key, value in sample.items() if 'attribute' not in key
    } for sample in make_samples(data)]
    metrics = evaluate(CategoryAttributeMetric(attr_topk=()), samples)
    assert set(metrics) == {f'category_accuracy/top{k}' for k in (1, 3, 5)}

    samples = [{
        key: value
        for key, value in sample.items() if 'category' not in key
    } for sample in make_samples(data)]
    metrics = evaluate(CategoryAttributeMetric(topk=()), samples)
    assert set(metrics) == {'attribute_recall/top3', 'attribute_recall/top5'}

    with pytest.raises(ValueError, match='topk'):
        CategoryAttributeMetric(topk=(), attr_topk=())


def test_multi_garment_images_count_each_garment():
    """(N, C) scores and N labels: a multi-garment image's garments count
    one each, as images of one garment do."""
    two = PoseDataSample()
    two.set_field(np.array([[0.1, 0.9, 0.0], [0.8, 0.1, 0.1]]),
                  'pred_category_score')
    two.set_field(torch.tensor([1, 2]), 'gt_category_label')  # right, wrong
    one = PoseDataSample()
    one.set_field(np.array([0.2, 0.3, 0.5]), 'pred_category_score')
    one.set_field(torch.tensor([2]), 'gt_category_label')  # right
    metric = CategoryAttributeMetric(topk=(1, 2), attr_topk=())
    metrics = evaluate(metric, [two.to_dict(), one.to_dict()])
    assert metrics['category_accuracy/top1'] == pytest.approx(2 / 3)
    # garment 2 of the first image: label 2 scores 0.1, tied second
    assert metrics['category_accuracy/top2'] == pytest.approx(2 / 3)
    two.set_field(torch.tensor([1]), 'gt_category_label')
    with pytest.raises(ValueError, match='2 garments'):
        CategoryAttributeMetric(topk=(1, ), attr_topk=()).process(
            [], [two.to_dict()])
