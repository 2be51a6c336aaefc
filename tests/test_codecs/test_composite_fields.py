import contextlib
import io

import numpy as np
import pytest
import torch
from mmpose.registry import KEYPOINT_CODECS
from xtcocotools.coco import COCO
from xtcocotools.cocoeval import COCOeval

from mmfashion_lm.codecs import CompositeFields
from mmfashion_lm.datasets.synthetic.annotation import Visibility
from mmfashion_lm.datasets.synthetic.deepfashion2_layout import \
    DeepFashion2Layout

# a small symmetric skeleton over 4 landmarks: 0 -- 1 across, 0 - 2, 1 - 3
# down each side, 2 -- 3 across; flip swaps 0 <-> 1 and 2 <-> 3
SKELETON = [(0, 1), (0, 2), (1, 3), (2, 3)]
FLIP = [1, 0, 3, 2]


def _codec(**kwargs):
    cfg = dict(
        type='CompositeFields',
        input_size=(65, 49),
        num_keypoints=4,
        skeleton=SKELETON)
    cfg.update(kwargs)
    return KEYPOINT_CODECS.build(cfg)


def _targets(encoded, codec):
    W, H = codec.field_size
    return (encoded['cif_targets'].reshape(-1, 4, H, W),
            encoded['caf_targets'].reshape(-1, 7, H, W))


def test_field_size_and_bad_input_size():
    assert _codec().field_size == (9, 7)
    with pytest.raises(ValueError, match=r'stride \* n \+ 1'):
        _codec(input_size=(64, 49))
    with pytest.raises(ValueError, match='skeleton'):
        _codec(skeleton=[(0, 4)])
    with pytest.raises(ValueError, match='sigmas'):
        _codec(sigmas=[0.1, 0.1])


def test_cif_patch_vectors_and_scale():
    codec = _codec(sigmas=[0.1, 0.1, 0.1, 0.1])
    keypoints = np.array([[[20., 12.], [0, 0], [0, 0], [0, 0]]])
    visible = np.array([[1., 0, 0, 0]])
    bbox = np.array([[0., 0., 32., 18.]])  # area 576, sqrt 24
    cif, caf = _targets(codec.encode(keypoints, visible, bbox=bbox), codec)
    # landmark 0 at cell (2.5, 1.5): patch columns 1..4, rows 0..3
    confidence = cif[0, 0]
    assert np.nansum(confidence) == 16
    np.testing.assert_array_equal(np.argwhere(confidence == 1).min(0), [0, 1])
    np.testing.assert_array_equal(np.argwhere(confidence == 1).max(0), [3, 4])
    assert cif[0, 1, 0, 1] == pytest.approx(1.5)  # 2.5 - 1
    assert cif[0, 2, 3, 4] == pytest.approx(-1.5)  # 1.5 - 3
    # fewer than 3 labelled landmarks: no scale target
    assert np.isnan(cif[0, 3]).all()
    # the other landmarks: negatives everywhere, no vectors
    assert (cif[1:, 0] == 0).all() and np.isnan(cif[1:, 1:]).all()
    # no link has both ends labelled
    assert (caf[:, 0] == 0).all()

    visible = np.array([[1., 1, 1, 0]])
    keypoints[0, 1:3] = [[40., 12.], [20., 36.]]
    cif, _ = _targets(codec.encode(keypoints, visible, bbox=bbox), codec)
    # sqrt(area) * sigma / stride = 24 * 0.1 / 8
    np.testing.assert_allclose(cif[0, 3][cif[0, 0] == 1], 0.3, rtol=1e-6)
    # without a box: the labelled landmarks' box, 20 x 24
    cif, _ = _targets(codec.encode(keypoints, visible), codec)
    np.testing.assert_allclose(cif[0, 3][cif[0, 0] == 1],
                               np.sqrt(480) * 0.1 / 8, rtol=1e-6)


def test_cif_nearest_instance_keeps_shared_cells():
    codec = _codec()
    keypoints = np.zeros((2, 4, 2))
    keypoints[0, 0] = (16., 16.)  # cell (2, 2)
    keypoints[1, 0] = (30., 16.)  # cell (3.75, 2)
    visible = np.zeros((2, 4))
    visible[:, 0] = 1
    cif, _ = _targets(codec.encode(keypoints, visible), codec)
    # cell x = 3 is in both patches: 1 cell from the first landmark, 0.75
    # from the second, which it points to
    assert cif[0, 1, 2, 3] == pytest.approx(0.75)
    assert cif[0, 1, 2, 2] == pytest.approx(0.0)  # the first's own cell
    # columns 1..4 and 2..5 share three
    assert np.nansum(cif[0, 0]) == 16 + 16 - 12


def test_ignore_mask_and_caf_band():
    codec = _codec()
    keypoints = np.array([[[8., 24.], [56., 24.], [0, 0], [0, 0]]])
    visible = np.array([[1., 1, 0, 0]])
    mask = np.ones((49, 65), bool)
    mask[:, 40:] = False
    cif, caf = _targets(
        codec.encode(keypoints, visible, heatmap_mask=mask), codec)
    # cells at x >= 40 (columns 5..8) are ignored, except the positives
    assert np.isnan(cif[2, 0, :, 5:]).all() and (cif[2, 0, :, :5] == 0).all()
    assert (cif[1, 0, 2:5, 6:9] == 1).all()
    # link 0 -> 1 runs along row 3 from x = 1 to 7 (cells); the band covers
    # its middle half: samples x = 2.5, 3.5, 4.5, 5.5, each marking the 3 x 3
    # cells around its nearest cell (halves round up), vectors to both ends
    band = caf[0, 0] == 1
    np.testing.assert_array_equal(np.unique(np.argwhere(band)[:, 0]),
                                  [2, 3, 4])
    np.testing.assert_array_equal(np.unique(np.argwhere(band)[:, 1]),
                                  [2, 3, 4, 5, 6, 7])
    assert caf[0, 1, 3, 4] == pytest.approx(-3) and \
        caf[0, 3, 3, 4] == pytest.approx(3)
    assert caf[0, 2, 2, 4] == pytest.approx(1) and \
        caf[0, 4, 2, 4] == pytest.approx(1)


def test_caf_links_and_garments_fill_their_own_cells():
    codec = _codec()
    # garment A: link 0 (0 -- 1) along row 3; garment B: link 1 (0 - 2)
    # down column 1, rows 1 to 3; garment C: link 0 along row 4.5
    keypoints = np.array([[[8., 24.], [56., 24.], [0, 0], [0, 0]],
                          [[8., 8.], [0, 0], [8., 24.], [0, 0]],
                          [[8., 36.], [56., 36.], [0, 0], [0, 0]]])
    visible = np.array([[1., 1, 0, 0], [1, 0, 1, 0], [1, 1, 0, 0]])
    _, caf = _targets(codec.encode(keypoints, visible), codec)
    # link 1: B's 2-cell link gets its own 2 samples (y = 1.5, 2.5), the
    # 3 x 3 cells around cells (1, 2) and (1, 3), though link 0 is longer
    band = np.zeros((7, 9), bool)
    band[1:5, 0:3] = True
    np.testing.assert_array_equal(caf[1, 0] == 1, band)
    assert (caf[1, 0][~band] == 0).all()
    # cell (2, 3) lies in both links' bands: each link keeps its garment
    assert caf[0, 1, 3, 2] == pytest.approx(-1)  # A's start, 1 cell left
    assert caf[0, 2, 3, 2] == pytest.approx(0)
    assert caf[1, 1, 3, 2] == pytest.approx(-1)  # B's start (1, 1)
    assert caf[1, 2, 3, 2] == pytest.approx(-2)
    # row 4 is in A's band (rows 2-4) and C's (rows 4-6): C is nearer
    assert caf[0, 2, 4, 4] == pytest.approx(0.5)
    assert caf[0, 2, 3, 4] == pytest.approx(0)
    assert caf[0, 2, 6, 4] == pytest.approx(-1.5)
    # links 2 and 3 have no garment with both ends labelled
    assert (caf[2:, 0] == 0).all() and np.isnan(caf[2:, 1:]).all()


def test_flip_fields_match_the_flipped_targets():
    codec = _codec()
    rng = np.random.default_rng(0)
    keypoints = rng.uniform(4, 44, (2, 4, 2))
    visible = np.ones((2, 4))
    cif, caf = codec.perfect_fields(codec.encode(keypoints, visible))
    flipped = keypoints.copy()
    flipped[..., 0] = 64 - keypoints[..., 0]
    flipped = flipped[:, FLIP]
    cif_f, caf_f = codec.perfect_fields(codec.encode(flipped, visible))
    cif_m, caf_m = codec.flip_fields(cif, caf, FLIP)
    np.testing.assert_allclose(cif_m, cif_f, atol=1e-5)
    np.testing.assert_allclose(caf_m, caf_f, atol=1e-5)
    # torch tensors and batches too; flipping twice is the identity
    cif_t, caf_t = codec.flip_fields(
        torch.from_numpy(cif_m)[None], torch.from_numpy(caf_m)[None], FLIP)
    np.testing.assert_allclose(cif_t[0].numpy(), cif, atol=1e-5)
    np.testing.assert_allclose(caf_t[0].numpy(), caf, atol=1e-5)
    with pytest.raises(ValueError, match='symmetric skeleton'):
        _codec(skeleton=[(0, 2)]).flip_fields(cif, caf[:1], FLIP)


def test_decode_perfect_fields_and_nothing():
    codec = _codec()
    keypoints = np.array([[[10., 8.], [30., 8.], [12., 40.], [28., 40.]],
                          [[40., 6.], [60., 6.], [42., 30.], [58., 30.]]])
    cif, caf = codec.perfect_fields(codec.encode(keypoints, np.ones((2, 4))))
    decoded, scores, boxes, box_scores = codec.decode(cif, caf)
    assert decoded.shape == (2, 4, 2) and scores.shape == (2, 4)
    order = np.argsort(decoded[:, 0, 0])
    np.testing.assert_allclose(decoded[order], keypoints, atol=1e-3)
    # landmarks within two cells of the border lose CIF cells, hence part of
    # their high-resolution confidence, which scores the connections to them
    assert (scores > 0.6).all() and (box_scores > 0.8).all()
    np.testing.assert_allclose(boxes[order][0], [10, 8, 30, 40], atol=1e-3)
    # a clip box keeps keypoints inside the image part of a padded input
    decoded, *_ = codec.decode(cif, caf, clip_box=(0, 0, 50, 48))
    assert decoded[..., 0].max() <= 50
    # no confidence anywhere: no garment
    empty = codec.decode(np.full_like(cif, -5), np.full_like(caf, -5))
    assert [len(x) for x in empty] == [0, 0, 0, 0]
    assert empty[0].shape == (0, 4, 2)


def _coco_ap(gts, dts, sigmas):
    coco_gt = COCO()
    coco_gt.dataset = dict(
        images=[dict(id=i) for i in range(len(gts))],
        annotations=[
            dict(ann, id=j + 1, category_id=1, iscrowd=0)
            for j, ann in enumerate(a for anns in gts for a in anns)
        ],
        categories=[dict(id=1, name='garment')])
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt.createIndex()
        coco_eval = COCOeval(coco_gt, coco_gt.loadRes(dts), 'keypoints',
                             np.asarray(sigmas), use_area=True)
        coco_eval.evaluate()
        coco_eval.accumulate()
        coco_eval.summarize()
    return coco_eval.stats[0]


def test_perfect_fields_of_50_synthetic_multi_garment_images_give_ap_1():
    """Encode the ground truth of 50 synthetic DeepFashion2-layout images
    (1-3 garments each, truncated and occluded landmarks) in the 8-slot
    DeepFashion layout, decode the targets as if predicted perfectly: every
    garment comes back, keypoint AP 1.0."""
    codec = CompositeFields(
        input_size=(193, 193),
        num_keypoints=8,
        skeleton='deepfashion_full_B')
    gts, dts = [], []
    for index in range(50):
        scene = DeepFashion2Layout.render(0, (192, 192), index)
        labelled = np.stack([
            g.fld_visibility <= Visibility.OCCLUDED for g in scene.garments
        ])
        keep = labelled.sum(1) > 0
        keypoints = np.nan_to_num(np.stack([g.fld for g in scene.garments]))
        keypoints, labelled = keypoints[keep], labelled[keep]
        boxes = np.array([g.bbox for g in scene.garments], float)[keep]
        encoded = codec.encode(keypoints, labelled, bbox=boxes)
        decoded, scores, _, box_scores = codec.decode(
            *codec.perfect_fields(encoded))
        gts.append([
            dict(
                image_id=index,
                keypoints=np.concatenate([points, v[:, None] * 2.],
                                         -1).ravel().tolist(),
                bbox=[x1, y1, x2 - x1, y2 - y1],
                area=float((x2 - x1) * (y2 - y1)),
                num_keypoints=int(v.sum()))
            for (x1, y1, x2, y2), points, v in zip(boxes, keypoints, labelled)
        ])
        dts += [
            dict(
                image_id=index,
                category_id=1,
                keypoints=np.concatenate([k, s[:, None]], -1).ravel().tolist(),
                score=float(b)) for k, s, b in zip(decoded, scores,
                                                   box_scores)
        ]
    assert sum(map(len, gts)) > 60
    assert _coco_ap(gts, dts, codec.sigmas) == pytest.approx(1.0)


def test_high_resolution_map_by_hand():
    from mmfashion_lm.codecs.composite_fields import _HighResolutionMap

    # landmark 0: one vote c = 0.8 at (10, 10), scale 4 (sigma 2); landmark
    # 1: 20 votes c = 1 at (5, 5) (sum 1.25, clamped at 1); landmark 2: a
    # vote below the threshold
    votes = np.zeros((3, 20, 4))
    votes[0, 0] = (0.8, 10., 10., 4.)
    votes[1] = (1., 5., 5., 2.)
    votes[2, 0] = (0.2, 3., 3., 4.)
    hr = _HighResolutionMap(votes, (17, 17), threshold=0.3, stride=8)
    at = hr.at(np.array([0, 0, 0, 0, 1, 2]), np.array([10., 11., 11., 13.,
                                                       5., 3.]),
               np.array([10., 10., 11., 10., 5., 3.]))
    expected = [
        0.05, 0.05 * np.exp(-0.5 / 4), 0.05 * np.exp(-1 / 4),
        0.0,  # 3 pixels away: beyond one sigma
        1.0, 0.0
    ]
    np.testing.assert_allclose(at, expected, rtol=1e-6)

    # a wider floor (sigma 3 instead of the vote's scale / 2 = 2) reaches
    # 3 pixels away
    hr = _HighResolutionMap(
        votes, (17, 17), threshold=0.3, stride=8, min_sigma=3.0)
    at = hr.at(np.zeros(3, int), np.array([10., 11., 13.]), np.full(3, 10.))
    np.testing.assert_allclose(
        at, 0.05 * np.exp(-0.5 * np.array([0., 1., 9.]) / 9), rtol=1e-6)


def test_vote_min_sigma_must_be_positive():
    with pytest.raises(ValueError, match='cif_vote_min_sigma'):
        CompositeFields(
            input_size=(17, 17),
            num_keypoints=2,
            skeleton=[(0, 1)],
            cif_vote_min_sigma=0)


def test_joint_without_cif_support_is_not_placed():
    """The connection score has the paper's f2 term: a far end where the
    landmark's high-resolution confidence is 0 is no joint."""
    codec = _codec()
    keypoints = np.array([[[10., 8.], [30., 8.], [12., 40.], [28., 40.]]])
    cif, caf = codec.perfect_fields(codec.encode(keypoints, np.ones((1, 4))))
    cif[3, 0] = -20.
    _, scores, _, _ = codec.decode(cif, caf)
    assert len(scores) == 1
    assert scores[0, 3] == 0 and (scores[0, :3] > 0.6).all()


def test_decode_never_returns_nan():
    """Random fields, every threshold at 0: finite keypoints and boxes."""
    codec = _codec(instance_thr=0., keypoint_thr=0.)
    rng = np.random.default_rng(0)
    cif = rng.normal(0, 3, (4, 5, 7, 9)).astype(np.float32)
    caf = rng.normal(0, 3, (4, 9, 7, 9)).astype(np.float32)
    cif[0, 4, 0, 0] = np.inf  # a diverging scale
    keypoints, scores, boxes, box_scores = codec.decode(cif, caf)
    assert len(keypoints) > 0
    for array in (keypoints, scores, boxes, box_scores):
        assert np.isfinite(array).all()


def test_heatmap_mask_marks_the_unlabelled_region():
    keypoints = np.array([[[8., 24.], [56., 24.], [0, 0], [0, 0]]])
    visible = np.array([[1., 1, 0, 0]])
    unlabelled = np.zeros((49, 65), bool)
    unlabelled[:, 40:] = True
    codec = _codec(heatmap_mask_marks='unlabelled')
    cif, _ = _targets(
        codec.encode(keypoints, visible, heatmap_mask=unlabelled), codec)
    assert np.isnan(cif[2, 0, :, 5:]).all() and (cif[2, 0, :, :5] == 0).all()
    with pytest.raises(ValueError, match='heatmap_mask_marks'):
        _codec(heatmap_mask_marks='valid')


def test_category_aware_decoding_keeps_each_garment_in_its_slots():
    """Slots 0-2 are category 1 (a chain 0 - 1 - 2), slots 3-4 category 2
    (3 - 4): two garments of different categories come back each in its
    own slots, with its category and a full garment score."""
    codec = KEYPOINT_CODECS.build(
        dict(
            type='CompositeFields',
            input_size=(65, 49),
            num_keypoints=5,
            skeleton=[(0, 1), (1, 2), (3, 4)],
            slot_categories=[1, 1, 1, 2, 2]))
    keypoints = np.zeros((2, 5, 2))
    visible = np.zeros((2, 5))
    keypoints[0, :3] = [[8, 8], [20, 10], [30, 14]]
    visible[0, :3] = 1
    keypoints[1, 3:] = [[40, 30], [56, 40]]
    visible[1, 3:] = 1
    cif, caf = codec.perfect_fields(codec.encode(keypoints, visible))
    xy, scores, _, garment_scores = codec.decode(cif, caf)
    assert len(xy) == 2
    categories = codec.categories_of(scores)
    assert sorted(categories.tolist()) == [1, 2]
    for m, category in enumerate(categories):
        truth = 0 if category == 1 else 1
        own = visible[truth] > 0
        np.testing.assert_allclose(xy[m][own], keypoints[truth][own],
                                   atol=0.5)
        assert (scores[m][own] > 0.5).all() and (scores[m][~own] == 0).all()
        # the other category's slots are not completed: they stay at the
        # input's corner
        other = codec.slot_categories != category
        assert (xy[m][other] == 0).all()
        # scored over its own slots: a full garment scores as much as its
        # joints, not diluted by the other category's empty slots
        assert garment_scores[m] == pytest.approx(scores[m][own].mean(),
                                                  rel=0.05)
    with pytest.raises(ValueError, match='slot_categories has 3'):
        _codec(slot_categories=[1, 1, 2])
    with pytest.raises(ValueError, match='needs a codec'):
        _codec().categories_of(scores[:, :4])


def test_deepfashion2_slot_categories_and_sigmas():
    from mmfashion_lm.datasets.metainfo import (composite_slot_categories,
                                                composite_slot_sigmas,
                                                deepfashion2)
    sigmas = composite_slot_sigmas('deepfashion2')
    assert len(sigmas) == 294
    assert sigmas[25:58] == tuple(deepfashion2.CATEGORY_BY_ID[2]['sigmas'])
    codec = _codec(num_keypoints=294, skeleton='deepfashion2',
                   sigmas='deepfashion2', slot_categories='deepfashion2')
    np.testing.assert_allclose(codec.sigmas, sigmas)
    slots = composite_slot_categories('deepfashion2')
    assert len(slots) == 294
    # short sleeve top: 25 slots, then long sleeve top: 33
    assert slots[:25] == (1, ) * 25 and slots[25:58] == (2, ) * 33
    assert slots[-1] == 13
    with pytest.raises(ValueError, match='slot categories'):
        composite_slot_categories('deepfashion')


def test_unreached_joint_is_completed_at_its_landmarks_vote():
    """A garment whose last link has no CAF: the growth stops at joint 2,
    and joint 3 is completed, score 0, at its landmark's CIF vote inside
    the garment's size, not at another garment's far away."""
    codec = _codec(input_size=(129, 65))
    near = np.array([[20., 10], [40, 10], [20, 40], [40, 40]])
    far = near + [80, 0]
    cif, caf = codec.perfect_fields(
        codec.encode(np.stack([near, far]), np.ones((2, 4))))
    # remove links 1 - 3 and 2 - 3 (cells of the near garment only): its
    # landmark 3 is unreachable from the seed's side
    caf[2:, 0, :, :8] = -20.0
    xy, scores, _, _ = codec.decode(cif, caf)
    garment = int(np.argmin(xy[:, 0, 0]))  # the near one
    assert scores[garment, 3] == 0 and (scores[garment, :3] > 0).all()
    np.testing.assert_allclose(xy[garment], near, atol=0.5)
