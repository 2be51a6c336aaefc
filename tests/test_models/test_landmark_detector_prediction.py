import torch

from mmfashion_lm.models.layers import (ParameterPredictionNet,
                                        detect_landmarks,
                                        landmark_level_features)
from mmfashion_lm.models.necks import ConvDeconvNeck


def test_landmark_level_features_pick_and_average_the_labelled_pixels():
    features = torch.arange(2 * 3 * 2 * 2, dtype=torch.float32).reshape(
        2, 3, 2, 2)
    label_maps = torch.zeros(2, 2, 2, 2)
    label_maps[0, 0, 0, 1] = 1  # image 0, landmark 0 at (y 0, x 1)
    label_maps[1, 0, 1, 0] = 1  # image 1, landmark 0 at (y 1, x 0)
    label_maps[0, 1, 1, 1] = 1  # landmark 1 only in image 0
    weights = torch.tensor([[1, 1], [1, 0]])
    points = landmark_level_features(features, label_maps, weights)
    # image 0 pixel (0, 1): channels 1, 5, 9; image 1 pixel (1, 0): 14, 18,
    # 22
    torch.testing.assert_close(points[0], torch.tensor([7.5, 11.5, 15.5]))
    torch.testing.assert_close(points[1], torch.tensor([3., 7., 11.]))
    # without weights: a plain mean over the images
    torch.testing.assert_close(
        landmark_level_features(features, label_maps)[1],
        torch.tensor([1.5, 3.5, 5.5]))


def test_detectors_are_1x1_convolutions_with_the_given_weights():
    features = torch.randn(2, 4, 3, 5)
    detectors = torch.randn(6, 4)
    expected = torch.nn.functional.conv2d(features, detectors[..., None,
                                                              None])
    torch.testing.assert_close(detect_landmarks(features, detectors),
                               expected)


def test_any_number_of_landmarks_gets_detectors_with_gradients():
    ppnet = ParameterPredictionNet(channels=8, hidden_channels=16)
    features = torch.randn(3, 8, 4, 4)
    for num_landmarks in (1, 8, 39):
        label_maps = torch.rand(3, num_landmarks, 4, 4)
        detectors = ppnet(landmark_level_features(features, label_maps))
        heatmaps = detect_landmarks(features, detectors)
        assert heatmaps.shape == (3, num_landmarks, 4, 4)
        heatmaps.sum().backward()
        assert all(p.grad is not None for p in ppnet.parameters())


def test_neck_upsamples_to_the_wanted_stride():
    neck = ConvDeconvNeck(16, out_channels=8, num_deconvs=2, num_convs=10)
    (features, ) = neck((torch.randn(1, 4, 3, 3), torch.randn(2, 16, 3, 4)))
    assert features.shape == (2, 8, 12, 16)
    assert (features >= 0).all()
    convs = [m for m in neck.modules() if isinstance(m, torch.nn.Conv2d)]
    deconvs = [
        m for m in neck.modules() if isinstance(m, torch.nn.ConvTranspose2d)
    ]
    assert len(convs) == 10 and len(deconvs) == 2
