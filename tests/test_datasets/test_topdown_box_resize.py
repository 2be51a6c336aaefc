"""TopdownBoxResize: Liu & Lu's framing, the box stretched to the input
(hand-computed positions and pixels), and the estimators' way back."""
import numpy as np
import pytest

from mmfashion_lm.datasets import TopdownBoxResize


def _results(rotation=None):
    image = np.zeros((120, 100, 3), np.uint8)
    image[20:100, 10:50] = 255  # the box x 10..50, y 20..100, white
    results = dict(
        img=image,
        bbox_center=np.array([[30., 60.]]),
        bbox_scale=np.array([[40., 80.]]),
        keypoints=np.array([[[10., 20.], [50., 100.], [30., 60.],
                             [20., 40.]]]),
        keypoints_visible=np.ones((1, 4)))
    if rotation is not None:
        results['bbox_rotation'] = np.array([rotation])
    return results


def test_box_spans_the_input_on_both_axes():
    out = TopdownBoxResize((64, 32))(_results())
    # x scales by 64 / 40, y by 32 / 80
    np.testing.assert_allclose(
        out['transformed_keypoints'][0],
        [[0, 0], [64, 32], [32, 16], [16, 8]], atol=1e-6)
    assert out['img'].shape == (32, 64, 3)
    assert out['img'][1:-1, 1:-1].min() == 255  # all of it the box
    assert out['input_size'] == (64, 32)
    # mmpose's way back to the image, per axis
    back = (out['transformed_keypoints'][..., :2] / (64, 32) *
            out['input_scale'] + out['input_center'] -
            0.5 * out['input_scale'])
    np.testing.assert_allclose(back, _results()['keypoints'], atol=1e-6)


def test_rotation_turns_about_the_centre():
    out = TopdownBoxResize((40, 80))(_results(rotation=90.))
    centre = out['transformed_keypoints'][0, 2]
    np.testing.assert_allclose(centre, [20, 40], atol=1e-6)
    # a quarter turn: the point 20 px above the centre lands 20 px
    # beside it (at scale 1)
    offset = out['transformed_keypoints'][0, 3] - centre
    assert np.hypot(*offset) == pytest.approx(np.hypot(10, 20), abs=1e-6)
    assert abs(offset[1]) == pytest.approx(10, abs=1e-6)


def test_a_box_without_width_is_framed_one_pixel_wide():
    """A garment annotated as a vertical line (width 0): a finite crop of
    that line, one pixel wide, its landmarks mapped and back."""
    results = _results()
    results['bbox_scale'] = np.array([[0., 80.]])
    results['keypoints'][..., 0] = 30.
    out = TopdownBoxResize((64, 32))(results)
    np.testing.assert_array_equal(out['input_scale'], [1., 80.])
    points = out['transformed_keypoints'][0]
    assert np.isfinite(points).all() and np.isfinite(out['img']).all()
    # x: the box's centre column spans the input's middle; y as before
    np.testing.assert_allclose(points[:, 0], 32, atol=1e-6)
    np.testing.assert_allclose(points[:, 1], [0, 32, 16, 8], atol=1e-6)
