import contextlib
import copy
import io
import json
import os.path as osp

import numpy as np
import pytest
from xtcocotools.coco import COCO
from xtcocotools.cocoeval import COCOeval

from mmfashion_lm.datasets.metainfo.deepfashion2 import (
    CATEGORIES as DEEPFASHION2_CATEGORIES,
    CATEGORY_BY_ID as DEEPFASHION2_CATEGORY_BY_ID)
from mmfashion_lm.evaluation.functional import deepfashion2_keypoint_ap
from ..conftest import SHARED_DATA, requires_shared_data

OFFICIAL_SIGMAS = osp.join(SHARED_DATA, 'deepfashion2',
                           'categories_landmark_ranges_sigmas.json')
ALL_SIGMAS = np.concatenate(
    [category['sigmas'] for category in DEEPFASHION2_CATEGORIES])


def make_item(rng, ann_id, image_id, category_id):
    """A ground-truth item as the official COCO conversion writes it: 294
    slots, zero outside the category's slice."""
    category = DEEPFASHION2_CATEGORY_BY_ID[category_id]
    start, end = category['start'], category['end']
    x, y = rng.uniform(0, 200, 2)
    width, height = rng.uniform(60, 250, 2)
    keypoints = np.zeros((294, 3))
    keypoints[start:end, 0] = rng.uniform(x, x + width, end - start)
    keypoints[start:end, 1] = rng.uniform(y, y + height, end - start)
    keypoints[start:end, 2] = rng.choice([0, 1, 2],
                                         end - start,
                                         p=[.2, .2, .6])
    keypoints[start, 2] = 2  # at least one labelled landmark
    keypoints[keypoints[:, 2] == 0] = 0
    return dict(
        id=ann_id,
        image_id=image_id,
        category_id=category_id,
        keypoints=keypoints.ravel().tolist(),
        bbox=[x, y, width, height],
        area=width * height * rng.uniform(.4, .9),
        iscrowd=0,
        num_keypoints=int((keypoints[:, 2] > 0).sum()))


def detect(rng, item, noise, category_id=None, image_id=None):
    """A detection of ``item`` with Gaussian noise on all 294 slots."""
    keypoints = np.array(item['keypoints']).reshape(294, 3)
    points = keypoints[:, :2] + rng.normal(0, noise, (294, 2))
    return dict(
        image_id=item['image_id'] if image_id is None else image_id,
        category_id=(item['category_id']
                     if category_id is None else category_id),
        keypoints=np.column_stack([points, rng.uniform(.1, 1,
                                                       294)]).ravel().tolist(),
        score=float(rng.random()))


def make_dataset(rng, category_ids, num_images=12):
    """Ground truth with 1-3 items per image of the given categories, and
    detections: most items found with noise from tight to loose, some
    missed, some found twice, some false alarms on other images, and some
    with a wrong predicted category."""
    images, items, detections = [], [], []
    for image_id in range(1, num_images + 1):
        images.append(dict(id=image_id, width=500, height=500))
        for _ in range(rng.integers(1, 4)):
            items.append(
                make_item(rng,
                          len(items) + 1, image_id, rng.choice(category_ids)))
    for item in items:
        draw = rng.random()
        if draw < .1:
            continue
        noise = rng.choice([1., 3., 6., 12., 25.])
        detections.append(detect(rng, item, noise))
        if draw > .85:
            detections.append(detect(rng, item, noise * 2))
        if draw > .9:
            detections.append(
                detect(rng, item, 3., image_id=rng.integers(1, num_images)))
        if draw > .8 and len(category_ids) > 1:
            detections.append(
                detect(rng, item, 3., category_id=rng.choice(category_ids)))
    gt = dict(
        images=images,
        annotations=items,
        categories=[
            dict(id=category['id'], name=category['name'])
            for category in DEEPFASHION2_CATEGORIES
        ])
    return gt, detections


def direct_coco_eval(gt, detections, category_ids=None):
    """xtcocotools' COCOeval on the full 294 slots with all 294 sigmas, as
    the official DeepFashion2 evaluation runs it."""
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt = COCO()
        coco_gt.dataset = copy.deepcopy(gt)
        coco_gt.createIndex()
        coco_dt = coco_gt.loadRes(copy.deepcopy(detections))
        coco_eval = COCOeval(
            coco_gt, coco_dt, 'keypoints', ALL_SIGMAS, use_area=True)
        if category_ids is not None:
            coco_eval.params.catIds = category_ids
        coco_eval.evaluate()
        coco_eval.accumulate()
        coco_eval.summarize()
    return coco_eval.stats


@requires_shared_data
def test_packaged_sigmas_are_the_official_ones():
    with open(OFFICIAL_SIGMAS) as f:
        official = json.load(f)
    assert len(DEEPFASHION2_CATEGORIES) == len(official) == 13
    for ours, theirs in zip(DEEPFASHION2_CATEGORIES, official):
        assert ours['id'] == theirs['category_id']
        assert ours['name'] == theirs['coco_name']
        assert (ours['start'], ours['end']) == (theirs['start'], theirs['end'])
        assert list(ours['sigmas']) == theirs['sigmas']


def test_single_category_matches_coco_eval_exactly():
    gt, detections = make_dataset(np.random.default_rng(3), [7])
    ap = deepfashion2_keypoint_ap(gt, detections)
    stats = direct_coco_eval(gt, detections)
    assert 0.1 < stats[0] < 0.9  # a case that tells good from bad
    assert list(ap['per_category']) == [7]
    assert ap['per_category'][7] == dict(
        AP=stats[0], AP50=stats[1], AP75=stats[2])
    assert (ap['AP'], ap['AP50'], ap['AP75']) == tuple(stats[:3])


def test_multi_category_matches_coco_eval():
    category_ids = [1, 8, 9, 13]
    gt, detections = make_dataset(
        np.random.default_rng(4), category_ids, num_images=20)
    gt_before, detections_before = copy.deepcopy((gt, detections))
    ap = deepfashion2_keypoint_ap(gt, detections)
    assert (gt, detections) == (gt_before, detections_before)

    assert sorted(ap['per_category']) == category_ids
    for category_id in category_ids:
        stats = direct_coco_eval(gt, detections, [category_id])
        assert ap['per_category'][category_id] == dict(
            AP=stats[0], AP50=stats[1], AP75=stats[2])
    # The all-category COCOeval averages precision over categories too.
    stats = direct_coco_eval(gt, detections)
    assert 0.1 < stats[0] < 0.9
    assert [ap['AP'], ap['AP50'], ap['AP75']] == pytest.approx(
        stats[:3], rel=1e-12)


def test_hand_made_case():
    rng = np.random.default_rng(5)
    items = [make_item(rng, 1, 1, 9), make_item(rng, 2, 2, 9)]
    gt = dict(images=[dict(id=1), dict(id=2)], annotations=items)
    # Item 1 found exactly, item 2 missed, one false alarm (OKS 0 as it is
    # far away) scored above the hit: precision 1/2 at recall 1/2, so AP is
    # the share of the 101 recall points up to 0.5, at every threshold.
    perfect = detect(rng, items[0], 0.)
    perfect['score'] = .5
    far = detect(rng, items[0], 0.)
    far['keypoints'] = (np.array(far['keypoints']) +
                        [1e4, 1e4, 0] * 294).tolist()
    far['score'] = .9
    ap = deepfashion2_keypoint_ap(gt, [perfect, far])
    assert ap['AP'] == ap['AP50'] == ap['AP75'] == pytest.approx(51 / 101 / 2)
    ap = deepfashion2_keypoint_ap(gt, [])
    assert ap['per_category'] == {9: dict(AP=0., AP50=0., AP75=0.)}
    assert np.isnan(
        deepfashion2_keypoint_ap(dict(images=[], annotations=[]), [])['AP'])


@pytest.mark.parametrize('change, message', [
    (dict(category_id=14), 'category_id'),
    (dict(keypoints=[0.] * 293 * 3), 'keypoints'),
    (dict(area=None), 'area'),
])
def test_bad_ground_truth_raises(change, message):
    item = make_item(np.random.default_rng(6), 1, 1, 1)
    item.update(change)
    item = {key: value for key, value in item.items() if value is not None}
    with pytest.raises(ValueError, match=message):
        deepfashion2_keypoint_ap(
            dict(images=[dict(id=1)], annotations=[item]), [])


def test_bad_detections_raise():
    rng = np.random.default_rng(7)
    item = make_item(rng, 1, 1, 1)
    gt = dict(images=[dict(id=1)], annotations=[item])
    with pytest.raises(ValueError, match='category_id'):
        deepfashion2_keypoint_ap(gt, [detect(rng, item, 1., category_id=0)])
    with pytest.raises(ValueError, match='images'):
        deepfashion2_keypoint_ap(gt, [detect(rng, item, 1., image_id=2)])
    detection = detect(rng, item, 1.)
    del detection['score']
    with pytest.raises(ValueError, match='score'):
        deepfashion2_keypoint_ap(gt, [detection])
