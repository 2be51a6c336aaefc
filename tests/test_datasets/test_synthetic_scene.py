"""Scenes of the synthetic generator: landmarks where the garment is drawn,
visibility from truncation and occlusion, left/right convention."""
import numpy as np
import pytest

from mmfashion_lm.datasets.synthetic import (DeepFashion2Layout, Visibility,
                                             single_garment_scene)
from mmfashion_lm.datasets.synthetic.annotation import landmark_visibility

SIZE = (160, 128)  # (width, height): not square, to catch x/y mix-ups
WIDTH, HEIGHT = SIZE


def _scenes(count, **probs):
    return [
        single_garment_scene(np.random.default_rng([5, i]), SIZE, **probs)
        for i in range(count)
    ]


def _landmark_sets(garment):
    yield garment.contour, garment.contour_visibility
    yield garment.fld, garment.fld_visibility


@pytest.fixture(scope='module')
def mixed_scenes():
    """Single garments and DeepFashion2 images with 1 to 3 garments."""
    singles = _scenes(30)
    multi = [DeepFashion2Layout.render(2, SIZE, i) for i in range(30)]
    return singles + multi


def test_landmark_visibility_rule():
    owner = np.zeros((4, 6), dtype=np.int16)
    owner[1, 1] = 2  # the garment itself
    owner[1, 2] = 3  # a later layer on top
    owner[1, 3] = 1  # an earlier layer below
    points = np.array([[1, 1], [2, 1], [3, 1], [4.4, 2.6], [5.6, 0], [-0.6, 1],
                       [-0.4, 3.4], [np.nan, np.nan]])
    codes = landmark_visibility(points, owner, layer=2)
    assert codes.tolist() == [
        Visibility.VISIBLE, Visibility.OCCLUDED, Visibility.VISIBLE,
        Visibility.VISIBLE, Visibility.TRUNCATED, Visibility.TRUNCATED,
        Visibility.VISIBLE, Visibility.ABSENT
    ]


def test_visible_landmarks_are_on_the_drawn_garment(mixed_scenes):
    checked = 0
    for scene in mixed_scenes:
        assert scene.image.shape == (HEIGHT, WIDTH, 3)
        for garment in scene.garments:
            mask = garment.visible_mask
            for points, codes in _landmark_sets(garment):
                visible = codes == Visibility.VISIBLE
                for x, y in np.rint(points[visible]).astype(int):
                    # the garment's own pixels, within one pixel
                    assert mask[max(y - 1, 0):y + 2, max(x - 1, 0):x + 2].any()
                    checked += 1
    assert checked > 1000


def test_garment_pixels_differ_from_the_background(mixed_scenes):
    """The image shows the garment where its mask says: its colours are
    not those of the pixels around its box."""
    for scene in mixed_scenes[:30]:
        garment, = scene.garments
        x1, y1, x2, y2 = garment.bbox
        inside = scene.image[garment.visible_mask].astype(float).mean(0)
        around = np.ones((HEIGHT, WIDTH), dtype=bool)
        around[max(y1 - 3, 0):y2 + 4, max(x1 - 3, 0):x2 + 4] = False
        if around.sum() > 500:
            outside = scene.image[around].astype(float).mean(0)
            assert np.abs(inside - outside).max() > 1


def test_truncated_landmarks_are_outside_the_image():
    truncated = 0
    for scene in _scenes(30, truncation_prob=1.0, occlusion_prob=0.0):
        for garment in scene.garments:
            for points, codes in _landmark_sets(garment):
                present = codes != Visibility.ABSENT
                pixels = np.rint(points[present])
                outside = ~((pixels >= 0) &
                            (pixels <= [WIDTH - 1, HEIGHT - 1])).all(axis=1)
                assert np.array_equal(codes[present] == Visibility.TRUNCATED,
                                      outside)
                truncated += outside.sum()
    assert truncated > 30


def test_occluders_set_occluded_landmarks():
    clean = _scenes(20, truncation_prob=0.0, occlusion_prob=0.0)
    assert not any((g.contour_visibility == Visibility.OCCLUDED).any()
                   for s in clean for g in s.garments)
    occluded = 0
    for scene in _scenes(30, truncation_prob=0.0, occlusion_prob=1.0):
        for garment in scene.garments:
            for points, codes in _landmark_sets(garment):
                for x, y in np.rint(points[codes == Visibility.OCCLUDED]):
                    # something else is drawn over the landmark
                    assert not garment.visible_mask[int(y), int(x)]
                    occluded += 1
    assert occluded > 10


def test_left_landmarks_are_on_the_image_left():
    """DeepFashion's left is the image left of a front view (the wearer's
    right); rotations stay within +-30 degrees, so the order holds."""
    for scene in _scenes(40):
        fld = scene.garments[0].fld
        for left, right in ((0, 1), (2, 3), (4, 5), (6, 7)):
            if np.isfinite(fld[[left, right]]).all():
                assert fld[left, 0] < fld[right, 0]


def test_deepfashion2_images_hold_one_to_three_garments(mixed_scenes):
    counts = [len(s.garments) for s in mixed_scenes[30:]]
    assert set(counts) <= {1, 2, 3} and max(counts) >= 2
    for scene in mixed_scenes[30:]:
        layers = [g.layer for g in scene.garments]
        assert layers == sorted(layers)
        assert 0 <= scene.featured < len(scene.garments)
    # the two images of a pair show the same product
    first, second = (DeepFashion2Layout.render(2, SIZE, i) for i in (6, 7))
    assert (first.garments[first.featured].spec == second.garments[
        second.featured].spec)
