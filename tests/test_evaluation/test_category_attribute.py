import numpy as np
import pytest

from mmfashion_lm.evaluation.functional import (attribute_topk_recall,
                                                category_topk_accuracy)


def reference_accuracy(scores, labels, k):
    """Share of rows whose label is among their k best, with a python sort
    per row."""
    correct = 0
    for row, label in zip(scores.tolist(), labels.tolist()):
        ranked = sorted(range(len(row)), key=lambda c: -row[c])
        correct += label in ranked[:k]
    return correct / len(labels)


def reference_recall(scores, targets, k, members=None):
    """Pooled recall with a python sort per row, over the attributes in
    ``members`` (all when None)."""
    columns = range(scores.shape[1]) if members is None else members
    found = positives = 0
    for row, target in zip(scores.tolist(), targets.tolist()):
        ranked = sorted(columns, key=lambda a: -row[a])
        found += sum(target[a] > 0 for a in ranked[:k])
        positives += sum(target[a] > 0 for a in columns)
    return found / positives


def test_category_accuracy_matches_reference():
    rng = np.random.default_rng(1)
    scores = rng.random((200, 50))
    labels = rng.integers(0, 50, 200)
    # Make some images right at top-1 so that every k is informative.
    labels[:40] = scores[:40].argmax(axis=1)
    accuracy = category_topk_accuracy(scores, labels, topk=(1, 3, 5))
    assert list(accuracy) == [1, 3, 5]
    for k, value in accuracy.items():
        assert value == pytest.approx(reference_accuracy(scores, labels, k))


def test_category_accuracy_hand_computed():
    scores = np.array([[0.1, 0.5, 0.2, 0.9], [0.8, 0.1, 0.05, 0.3]])
    # Image 0 ranks its label second, image 1 its label last.
    labels = np.array([1, 2])
    accuracy = category_topk_accuracy(scores, labels, topk=(1, 2, 3, 4, 10))
    assert accuracy == {1: 0., 2: .5, 3: .5, 4: 1., 10: 1.}


def test_attribute_recall_matches_reference():
    rng = np.random.default_rng(2)
    num_attributes = 1000
    scores = rng.random((60, num_attributes))
    # DeepFashion rows: 1 positive, -1 negative, 0 unknown.
    targets = rng.choice([1, -1, 0], size=scores.shape, p=[0.01, 0.9, 0.09])
    groups = rng.integers(1, 6, num_attributes)
    recall = attribute_topk_recall(scores, targets, (3, 5), groups)

    assert list(recall) == ['overall', 1, 2, 3, 4, 5]
    for k in (3, 5):
        assert recall['overall'][k] == pytest.approx(
            reference_recall(scores, targets, k))
        for group in range(1, 6):
            members = np.flatnonzero(groups == group).tolist()
            assert recall[group][k] == pytest.approx(
                reference_recall(scores, targets, k, members))


def test_attribute_recall_hand_computed():
    scores = np.array([[.9, .1, .8, .2, .7, .3], [.2, .6, .4, .9, .1, .5]])
    targets = np.array([[1, 1, 0, 0, 1, 0], [0, 1, -1, 1, 1, 0]])
    groups = np.array([1, 1, 1, 2, 2, 2])
    recall = attribute_topk_recall(scores, targets, topk=(2, 3), groups=groups)
    # Overall, 6 positives: image 0 ranks 0, 2, 4 first (hits 1 then 2),
    # image 1 ranks 3, 1, 5 first (hits 2 then 2).
    assert recall['overall'] == pytest.approx({2: 3 / 6, 3: 4 / 6})
    # Group 1 (3 positives): image 0 ranks 0, 2, 1 (1 hit in top 2, 2 in top
    # 3), image 1 ranks 1, 2, 0 (1 hit, 1 hit).
    assert recall[1] == pytest.approx({2: 2 / 3, 3: 1.0})
    # Group 2 (3 positives): image 0 ranks 4, 5, 3 (1, 1), image 1 ranks 3,
    # 5, 4 (1, 2).
    assert recall[2] == pytest.approx({2: 2 / 3, 3: 1.0})


def test_attribute_recall_without_positives_is_nan():
    recall = attribute_topk_recall(
        np.random.rand(3, 4), -np.ones((3, 4)), topk=(3, ))
    assert np.isnan(recall['overall'][3])


@pytest.mark.parametrize('scores_shape, labels_shape, argument', [
    ((5, ), (5, ), 'scores'),
    ((5, 4), (4, ), 'labels'),
    ((5, 4), (5, 1), 'labels'),
])
def test_category_accuracy_bad_shapes_raise(scores_shape, labels_shape,
                                            argument):
    with pytest.raises(ValueError, match=argument):
        category_topk_accuracy(
            np.zeros(scores_shape), np.zeros(labels_shape, dtype=int))


def test_category_accuracy_bad_values_raise():
    with pytest.raises(ValueError, match='labels'):
        category_topk_accuracy(np.zeros((2, 4)), np.array([0, 4]))
    with pytest.raises(ValueError, match='topk'):
        category_topk_accuracy(np.zeros((2, 4)), np.array([0, 1]), topk=(0, ))


@pytest.mark.parametrize('scores_shape, targets_shape, groups_shape, argument',
                         [
                             ((5, ), (5, ), None, 'scores'),
                             ((5, 4), (5, 3), None, 'targets'),
                             ((5, 4), (5, 4), (3, ), 'groups'),
                         ])
def test_attribute_recall_bad_shapes_raise(scores_shape, targets_shape,
                                           groups_shape, argument):
    groups = None if groups_shape is None else np.ones(groups_shape, int)
    with pytest.raises(ValueError, match=argument):
        attribute_topk_recall(
            np.zeros(scores_shape), np.zeros(targets_shape), groups=groups)
