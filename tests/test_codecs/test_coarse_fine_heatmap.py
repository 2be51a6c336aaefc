import numpy as np
import pytest
from mmpose.registry import KEYPOINT_CODECS, TRANSFORMS

from mmfashion_lm.codecs import CoarseFineHeatmap

INPUT_SIZE = (192, 256)  # w, h
HEATMAP_SIZE = (48, 64)  # stride 4
STRIDE = 4


def _codec(**kwargs):
    cfg = dict(
        type='CoarseFineHeatmap',
        input_size=INPUT_SIZE,
        heatmap_size=HEATMAP_SIZE,
        coarse_sigma=3.,
        fine_sigma=1.5)
    cfg.update(kwargs)
    return KEYPOINT_CODECS.build(cfg)


def _on_grid(u, v):
    """The input position of heatmap pixel (u, v): (x + 0.5) / 4 - 0.5 =
    u."""
    return STRIDE * u + 1.5, STRIDE * v + 1.5


def test_encode_shapes():
    keypoints = np.array([[[20., 30.], [100.5, 200.25], [150., 60.]]])
    encoded = _codec().encode(keypoints, np.ones((1, 3), dtype=np.float32))
    assert encoded['heatmaps'].shape == (3, 64, 48)
    assert encoded['fine_heatmaps'].shape == (3, 64, 48)
    assert encoded['heatmaps'].dtype == np.float32
    assert encoded['keypoint_weights'].shape == (1, 3)
    np.testing.assert_array_equal(encoded['keypoint_weights'], 1)


def test_peaks_at_keypoint_pixels():
    (x0, y0), (x1, y1) = _on_grid(10, 20), _on_grid(3, 50)
    encoded = _codec().encode(np.array([[[x0, y0], [x1, y1]]]))
    for name in ('heatmaps', 'fine_heatmaps'):
        heatmaps = encoded[name]
        for k, (u, v) in enumerate([(10, 20), (3, 50)]):
            assert np.unravel_index(heatmaps[k].argmax(),
                                    (64, 48)) == (v, u)
            assert heatmaps[k, v, u] == pytest.approx(1.)


def test_coarse_wider_than_fine():
    x, y = _on_grid(20, 30)
    encoded = _codec().encode(np.array([[[x, y]]]))
    # two heatmap pixels right of the peak: exp(-2**2 / (2 * sigma**2))
    coarse = encoded['heatmaps'][0, 30, 22]
    fine = encoded['fine_heatmaps'][0, 30, 22]
    assert coarse == pytest.approx(np.exp(-4 / (2 * 3.**2)), rel=1e-5)
    assert fine == pytest.approx(np.exp(-4 / (2 * 1.5**2)), rel=1e-5)
    assert coarse > fine


def test_invisible_and_outside_landmarks_get_weight_zero():
    keypoints = np.array([[[50., 50.], [60., 60.], [-40., 60.]]])
    visible = np.array([[1., 0., 1.]], dtype=np.float32)
    encoded = _codec().encode(keypoints, visible)
    np.testing.assert_array_equal(encoded['keypoint_weights'], [[1, 0, 0]])
    assert not encoded['heatmaps'][1].any()
    assert not encoded['fine_heatmaps'][1].any()


@pytest.mark.parametrize('target', ['heatmaps', 'fine_heatmaps'])
def test_encode_decode_round_trip(target):
    rng = np.random.default_rng(0)
    off_grid = np.stack([
        rng.uniform(25, INPUT_SIZE[0] - 25, 20),
        rng.uniform(25, INPUT_SIZE[1] - 25, 20)
    ], axis=-1)
    on_grid = np.array([_on_grid(10, 12), _on_grid(30, 40), (96., 128.)])
    keypoints = np.concatenate([off_grid, on_grid])[None]
    codec = _codec()
    decoded, scores = codec.decode(codec.encode(keypoints)[target])
    assert decoded.shape == (1, 23, 2)
    assert scores.shape == (1, 23)
    np.testing.assert_array_less(np.abs(decoded - keypoints), 0.5)
    # the upsampled peak, a little below 1 between the samples
    assert ((scores > 0.85) & (scores <= 1)).all()


def test_horizontal_flip_flips_heatmaps():
    """The half-pixel convention: x -> w - 1 - x flips the heatmap
    exactly, so flip tests need no heatmap shift."""
    keypoints = np.array([[[30.3, 40.], [101.7, 200.2]]])
    flipped = keypoints.copy()
    flipped[..., 0] = INPUT_SIZE[0] - 1 - flipped[..., 0]
    codec = _codec()
    np.testing.assert_allclose(
        codec.encode(flipped)['fine_heatmaps'],
        codec.encode(keypoints)['fine_heatmaps'][..., ::-1],
        atol=1e-6)


def test_decode_takes_the_centroid_of_the_largest_component():
    # input size = heatmap size, so the upsampling is the identity
    codec = CoarseFineHeatmap((40, 30), (40, 30), 2., 1.)
    heatmaps = np.zeros((1, 30, 40), dtype=np.float32)
    # a small blob with the channel's peak sets the threshold at 0.5
    heatmaps[0, 20, 30] = 1.0
    # the big blob: six pixels above the threshold, one below
    heatmaps[0, 4, 10:14] = [0.6, 0.6, 0.8, 0.4]
    heatmaps[0, 5, 10:13] = [0.6, 0.6, 0.6]
    keypoints, scores = codec.decode(heatmaps)
    # sum(v) = 3.8, sum(v * x) = 42, sum(v * y) = 2.0 * 4 + 1.8 * 5 = 17
    np.testing.assert_allclose(keypoints, [[[42 / 3.8, 17 / 3.8]]],
                               rtol=1e-6)
    # the score is the component's maximum, not the channel's
    np.testing.assert_allclose(scores, [[0.8]], rtol=1e-6)


def test_decode_falls_back_to_argmax():
    heatmaps = np.zeros((2, 64, 48), dtype=np.float32)
    heatmaps[0] = 0.01
    heatmaps[0, 3, 7] = 0.03  # below lcc_min_thr = 0.05
    keypoints, scores = _codec().decode(heatmaps)
    # the argmax sample's input position; an all-zero channel's is (0, 0)'s
    np.testing.assert_allclose(keypoints,
                               [[_on_grid(7, 3), _on_grid(0, 0)]])
    np.testing.assert_allclose(scores, [[0.03, 0.]])


def test_decoded_keypoints_lie_inside_the_input():
    rng = np.random.default_rng(1)
    codec = _codec()
    # blobs cut by the border and landmarks far outside the input
    keypoints = np.array([[[0., 0.], [191., 255.], [-5., 100.],
                           [300., -20.], [190., 3.]]])
    heatmaps = codec.encode(keypoints, np.ones((1, 5)))['heatmaps']
    noise = rng.uniform(0, 1, (3, 64, 48)).astype(np.float32)
    decoded, _ = codec.decode(np.concatenate([heatmaps, noise]))
    assert (decoded >= 0).all()
    assert (decoded[..., 0] <= INPUT_SIZE[0] - 1).all()
    assert (decoded[..., 1] <= INPUT_SIZE[1] - 1).all()


def test_invalid_arguments():
    with pytest.raises(ValueError, match='fine_sigma'):
        _codec(coarse_sigma=1., fine_sigma=2.)
    with pytest.raises(ValueError, match='lcc_thr'):
        _codec(lcc_thr=0.)


def test_generate_target_and_pack_pose_inputs():
    generate_target = TRANSFORMS.build(
        dict(
            type='GenerateTarget',
            encoder=dict(
                type='CoarseFineHeatmap',
                input_size=INPUT_SIZE,
                heatmap_size=HEATMAP_SIZE,
                coarse_sigma=3.,
                fine_sigma=1.5)))
    pack = TRANSFORMS.build(dict(type='PackPoseInputs'))
    results = dict(
        img=np.zeros((256, 192, 3), dtype=np.uint8),
        keypoints=np.array([[[50., 60.], [100., 120.]]], dtype=np.float32),
        keypoints_visible=np.array([[1., 0.]], dtype=np.float32))
    data_sample = pack(generate_target(results))['data_samples']

    assert data_sample.gt_fields.heatmaps.shape == (2, 64, 48)
    assert data_sample.gt_fields.fine_heatmaps.shape == (2, 64, 48)
    assert data_sample.gt_instance_labels.keypoint_weights.tolist() == [[
        1., 0.
    ]]
