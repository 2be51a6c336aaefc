"""DistanceDecayHeatmap (Liu & Lu's landmark target): hand-computed values,
the round trip through its argmax decoder, and its errors."""
import numpy as np
import pytest

from mmfashion_lm.codecs import DistanceDecayHeatmap


def test_values_by_hand():
    # heatmap at half the input: heatmap pixel (x, y) is input (2x, 2y)
    codec = DistanceDecayHeatmap((8, 6), (4, 3), radius=2.0)
    encoded = codec.encode(np.array([[[2., 2.], [6., 0.]]]),
                           np.array([[1, 0]]))
    heatmaps = encoded['heatmaps']
    assert heatmaps.shape == (2, 3, 4)
    assert heatmaps[0, 1, 1] == pytest.approx(1.0)
    # heatmap (3, 2) = input (6, 4): 4 right of and 2 below (2, 2)
    assert heatmaps[0, 2, 3] == pytest.approx(np.exp(-np.sqrt(20) / 4))
    # the exponent is the distance, not its square
    assert heatmaps[1, 0, 1] == pytest.approx(np.exp(-4 / 4))
    np.testing.assert_array_equal(encoded['keypoint_weights'], [[1, 0]])


def test_round_trip_on_the_grid():
    codec = DistanceDecayHeatmap((224, 224), (224, 224))
    keypoints = np.array([[[10., 20.], [200., 5.], [111., 222.]]])
    keypoints_out, scores = codec.decode(codec.encode(keypoints)['heatmaps'])
    np.testing.assert_allclose(keypoints_out, keypoints)
    np.testing.assert_allclose(scores, 1.0)


def test_errors():
    with pytest.raises(ValueError, match='radius'):
        DistanceDecayHeatmap((8, 8), (8, 8), radius=0)
    codec = DistanceDecayHeatmap((8, 8), (8, 8))
    with pytest.raises(ValueError, match='one instance'):
        codec.encode(np.zeros((2, 3, 2)))
