"""EpisodicLandmarkMetric against hand-computed NE (by the square root of
the box area, per episode, then mean +- 95% CI) and PCK@0.2 (by the box's
longer side, per query instance)."""
import numpy as np
import pytest

from mmfashion_lm.evaluation import EpisodicLandmarkMetric
from mmfashion_lm.evaluation.functional import instance_pck


def query(episode, shots, pred, gt, flags, box=(0., 0., 20., 5.),
          category=8):
    return dict(
        episode_index=episode,
        shots=shots,
        category_id=category,
        gt_instances=dict(
            keypoints=np.array([gt], np.float64),
            keypoints_visibility=np.array([flags])),
        pred_instances=dict(keypoints=np.array([pred], np.float64)),
        raw_ann_info=dict(bbox=list(box)))


def test_ne_and_pck_per_episode_then_over_episodes():
    metric = EpisodicLandmarkMetric()
    gt = [[0., 0.], [10., 0.]]
    # box 20 x 5: sqrt(area) 10, longer side 20
    metric.process({}, [
        # episode 0, two queries: errors (5, 0) and (0, 2)
        query(0, 1, [[3., 4.], [10., 0.]], gt, [2, 2]),
        query(0, 1, [[0., 0.], [10., 2.]], gt, [2, 1]),
        # episode 1: error 1 on the first landmark, the second absent
        query(1, 1, [[1., 0.], [19., 4.]], gt, [2, 0]),
    ])
    # one episode of another shot count and category
    metric.process({}, [query(0, 5, [[0., 0.], [10., 0.]], gt, [2, 2],
                              category=9)])
    metrics = metric.compute_metrics(metric.results)
    # episode 0: landmark errors (.5 + 0) / 2 and (0 + .2) / 2 -> NE .175;
    # PCK: query 1 has 1 of 2 within .2 x 20 = 4 px, query 2 both -> .75
    # episode 1: NE .1, PCK 1
    ne = [.175, .1]
    assert metrics['NE@1shot'] == pytest.approx(.1375)
    assert metrics['NE@1shot_ci95'] == pytest.approx(
        1.96 * np.std(ne, ddof=1) / np.sqrt(2))
    assert metrics['PCK@1shot'] == pytest.approx(.875)
    assert metrics['NE@5shot'] == pytest.approx(0.)
    assert metrics['NE@5shot_ci95'] == 0.
    assert metrics['NE@1shot/trousers'] == pytest.approx(.1375)
    assert metrics['NE@5shot/skirt'] == pytest.approx(0.)
    assert 'NE@5shot/trousers' not in metrics


def test_occluded_landmarks_count_unless_visible_is_asked():
    gt = [[0., 0.], [10., 0.]]
    samples = [query(0, 1, [[0., 0.], [10., 5.]], gt, [2, 1])]
    labelled, visible = EpisodicLandmarkMetric(), EpisodicLandmarkMetric(
        visibility='visible')
    for metric in (labelled, visible):
        metric.process({}, samples)
    assert labelled.results[0]['ne'] == pytest.approx(.25)
    assert visible.results[0]['ne'] == pytest.approx(0.)


def test_instance_pck():
    pred = np.array([[[0., 0.], [3., 0.]], [[0., 0.], [0., 0.]]])
    gt = np.zeros((2, 2, 2))
    pck = instance_pck(pred, gt, np.array([[True, True], [False, False]]),
                       np.array([10., 10.]), thr=.2)
    assert pck[0] == .5 and np.isnan(pck[1])
