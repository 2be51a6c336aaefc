import math

import numpy as np
import pytest

from mmfashion_lm.evaluation.functional import (normalized_error,
                                                percentage_detected)

# SANL (Li et al. 2019), Table 1, ResNet-101: L.Collar R.Collar L.Sleeve
# R.Sleeve L.Waist R.Waist L.Hem R.Hem, reported "Avg." .0299.
SANL_RESNET101_NE = (.0249, .0256, .0341, .0348, .0260, .0259, .0338, .0346)


def reference_distances(pred, gt, norm_size):
    """Normalised distances with explicit loops over samples and
    landmarks."""
    num_samples, num_keypoints = pred.shape[:2]
    distances = np.zeros((num_samples, num_keypoints))
    for i in range(num_samples):
        for k in range(num_keypoints):
            dx, dy = pred[i, k] - gt[i, k]
            if np.ndim(norm_size[i]) == 0:
                distances[i, k] = math.hypot(dx, dy) / norm_size[i]
            else:
                width, height = norm_size[i]
                distances[i, k] = math.sqrt((dx / width)**2 + (dy / height)**2)
    return distances


def reference_ne(pred, gt, visible, norm_size):
    distances = reference_distances(pred, gt, norm_size)
    per_landmark = []
    for k in range(pred.shape[1]):
        seen = [distances[i, k] for i in range(len(pred)) if visible[i, k]]
        per_landmark.append(sum(seen) / len(seen) if seen else math.nan)
    defined = [ne for ne in per_landmark if not math.isnan(ne)]
    return per_landmark, sum(defined) / len(defined)


def reference_pdl(pred, gt, visible, norm_size, thr):
    distances = reference_distances(pred, gt, norm_size)
    per_landmark, hits, total = [], 0, 0
    for k in range(pred.shape[1]):
        found = [
            distances[i, k] <= thr for i in range(len(pred)) if visible[i, k]
        ]
        per_landmark.append(sum(found) / len(found) if found else math.nan)
        hits += sum(found)
        total += len(found)
    return per_landmark, hits / total


@pytest.fixture
def random_case():
    rng = np.random.default_rng(0)
    num_samples, num_keypoints = 40, 8
    gt = rng.uniform(0, 300, (num_samples, num_keypoints, 2))
    pred = gt + rng.normal(0, 10, gt.shape)
    visible = rng.random((num_samples, num_keypoints)) < 0.7
    visible[:, 5] = False  # a landmark never visible
    sizes = rng.uniform(100, 400, (num_samples, 2))
    return pred, gt, visible, sizes


@pytest.fixture
def hand_case():
    """Two samples, three landmarks; the third is never visible and the
    second is visible in sample 1 only (sample 0 holds junk there)."""
    pred = np.array([[[0., 0.], [1e6, -1e6], [0., 0.]],
                     [[0., 0.], [6., 8.], [0., 0.]]])
    gt = np.array([[[3., 8.], [0., 0.], [5., 5.]],
                   [[0., 5.], [0., 0.], [5., 5.]]])
    visible = np.array([[True, False, False], [True, True, False]])
    return pred, gt, visible


@pytest.mark.parametrize('scalar_norm', [False, True])
def test_normalized_error_matches_reference(random_case, scalar_norm):
    pred, gt, visible, sizes = random_case
    norm_size = np.sqrt(sizes.prod(axis=1)) if scalar_norm else sizes
    per_landmark, mean = normalized_error(pred, gt, visible, norm_size)
    expected_per_landmark, expected_mean = reference_ne(
        pred, gt, visible, norm_size)
    np.testing.assert_allclose(per_landmark, expected_per_landmark, rtol=1e-12)
    assert np.isnan(per_landmark[5])
    assert mean == pytest.approx(expected_mean, rel=1e-12)


def test_normalized_error_hand_computed(hand_case):
    pred, gt, visible = hand_case
    # Sample 0: (3/100, 8/200) -> 0.05; sample 1: (0, 5/50) -> 0.1 and
    # (6/50, 8/50) -> 0.2.
    per_landmark, mean = normalized_error(pred, gt, visible,
                                          np.array([[100., 200.], [50., 50.]]))
    np.testing.assert_allclose(per_landmark[:2], [0.075, 0.2])
    assert np.isnan(per_landmark[2])
    assert mean == pytest.approx(0.1375)

    # One scale per sample: |(3, 8)| / 10, |(0, 5)| / 5, |(6, 8)| / 5.
    per_landmark, mean = normalized_error(pred, gt, visible,
                                          np.array([10., 5.]))
    np.testing.assert_allclose(per_landmark[:2],
                               [(math.sqrt(73) / 10 + 1) / 2, 2.])
    assert mean == pytest.approx(((math.sqrt(73) / 10 + 1) / 2 + 2) / 2)


def test_normalized_error_averages_landmarks_not_instances():
    """The papers' "Avg." is the mean of the per-landmark NEs: SANL's
    ResNet-101 row averages to its reported .0299 even when landmarks are
    visible in different numbers of samples, where pooling all visible
    landmarks would not."""
    num_keypoints = len(SANL_RESNET101_NE)
    # Landmark k is visible in the first k + 1 samples, always at the
    # tabulated error along x in a 1000 x 1000 image.
    visible = np.triu(np.ones((num_keypoints, num_keypoints), dtype=bool))
    gt = np.zeros((num_keypoints, num_keypoints, 2))
    pred = gt.copy()
    pred[..., 0] = np.array(SANL_RESNET101_NE) * 1000
    per_landmark, mean = normalized_error(pred, gt, visible,
                                          np.full((num_keypoints, 2), 1000.))

    np.testing.assert_allclose(per_landmark, SANL_RESNET101_NE)
    # The tabulated values carry 4 digits, so their mean .029963 is .0299
    # up to that rounding.
    assert abs(mean - .0299) < 1e-4
    pooled = pred[..., 0][visible].mean() / 1000
    assert abs(pooled - .0299) > 1e-4


def test_percentage_detected_matches_reference(random_case):
    pred, gt, visible, sizes = random_case
    for thr in (0.01, 0.03, 0.1):
        per_landmark, overall = percentage_detected(pred, gt, visible, sizes,
                                                    thr)
        expected_per_landmark, expected_overall = reference_pdl(
            pred, gt, visible, sizes, thr)
        np.testing.assert_allclose(per_landmark, expected_per_landmark)
        assert overall == pytest.approx(expected_overall)


def test_percentage_detected_hand_computed(hand_case):
    pred, gt, visible = hand_case
    # Distances 0.05 and 0.1 for landmark 0, 0.2 for landmark 1.
    per_landmark, overall = percentage_detected(
        pred, gt, visible, np.array([[100., 200.], [50., 50.]]), thr=0.15)
    np.testing.assert_allclose(per_landmark[:2], [1., 0.])
    assert np.isnan(per_landmark[2])
    assert overall == pytest.approx(2 / 3)


def test_nothing_visible_gives_nan():
    pred = np.zeros((2, 3, 2))
    visible = np.zeros((2, 3), dtype=bool)
    per_landmark, mean = normalized_error(pred, pred, visible, np.ones(2))
    assert np.isnan(per_landmark).all() and math.isnan(mean)
    per_landmark, overall = percentage_detected(pred, pred, visible,
                                                np.ones(2), 0.1)
    assert np.isnan(per_landmark).all() and math.isnan(overall)


@pytest.mark.parametrize('function', [
    normalized_error,
    lambda *args: percentage_detected(*args, thr=0.1),
])
@pytest.mark.parametrize(
    'pred_shape, gt_shape, visible_shape, norm_shape, argument', [
        ((4, 3), (4, 3), (4, ), (4, 2), 'pred'),
        ((4, 3, 3), (4, 3, 3), (4, 3), (4, 2), 'pred'),
        ((4, 3, 2), (4, 2, 2), (4, 3), (4, 2), 'gt'),
        ((4, 3, 2), (4, 3, 2), (4, 2), (4, 2), 'visible'),
        ((4, 3, 2), (4, 3, 2), (4, 3), (3, 2), 'norm_size'),
        ((4, 3, 2), (4, 3, 2), (4, 3), (4, 3), 'norm_size'),
    ])
def test_bad_shapes_raise(function, pred_shape, gt_shape, visible_shape,
                          norm_shape, argument):
    with pytest.raises(ValueError, match=argument):
        function(
            np.zeros(pred_shape), np.zeros(gt_shape),
            np.ones(visible_shape, dtype=bool), np.ones(norm_shape))


def test_non_positive_norm_size_raises():
    with pytest.raises(ValueError, match='norm_size'):
        normalized_error(
            np.zeros((2, 3, 2)), np.zeros((2, 3, 2)), np.ones((2, 3)),
            np.array([[10., 0.], [10., 10.]]))
