"""MetaCloth's detector parameter prediction (section 3.3.1, 3.4.2-3.4.3):
landmark-level features from labelled support images, PPNet mapping each
to the weights of a 1 x 1 convolution, and the landmark detectors (LD)
that apply them, for any number of landmarks Nc.
"""
from typing import Optional

import torch
from mmpose.registry import MODELS
from torch import Tensor, nn


def landmark_level_features(features: Tensor,
                            label_maps: Tensor,
                            weights: Optional[Tensor] = None) -> Tensor:
    """``F_point = L_point x F_cloth``, averaged over the support images.

    Each label map selects (one-hot) or weighs (a predicted heatmap, as at
    meta-training) the feature vectors of its landmark; the support images'
    vectors are averaged per landmark, over the images where it is labelled.

    Args:
        features (Tensor): Cloth-level features ``F_cloth``, (K, C, h, w).
        label_maps (Tensor): ``L_point``, (K, Nc, h, w).
        weights (Tensor, optional): (K, Nc), 1 where the landmark is
            labelled in the image, 0 where not. Defaults to None (all 1).

    Returns:
        Tensor: ``F_point``, (Nc, C); zero for a landmark labelled nowhere.
    """
    per_image = torch.einsum('knhw,kchw->knc', label_maps, features)
    if weights is None:
        return per_image.mean(0)
    weights = weights.to(per_image.dtype)
    total = (per_image * weights[..., None]).sum(0)
    return total / weights.sum(0).clamp(min=1)[:, None]


def detect_landmarks(features: Tensor, detectors: Tensor) -> Tensor:
    """LD: one 1 x 1 convolution (no bias) per landmark, weights given.

    Args:
        features (Tensor): (B, C, h, w).
        detectors (Tensor): ``omega``, (Nc, C).

    Returns:
        Tensor: Heatmaps (B, Nc, h, w).
    """
    return torch.einsum('bchw,nc->bnhw', features, detectors)


@MODELS.register_module()
class ParameterPredictionNet(nn.Module):
    """PPNet: two fully connected layers from a landmark-level feature to a
    detector's weights (section 3.4.3).

    The paper gives two layers and 512-wide outputs; the hidden width and
    the ReLU between them are ours.

    Args:
        channels (int): Width of the features and of the detectors.
            Defaults to 512
        hidden_channels (int): Width of the first layer's output. Defaults
            to 512
    """

    def __init__(self, channels: int = 512,
                 hidden_channels: int = 512) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(channels, hidden_channels), nn.ReLU(inplace=True),
            nn.Linear(hidden_channels, channels))

    def forward(self, landmark_features: Tensor) -> Tensor:
        """``omega = PPNet(F_point)``: (Nc, C) to (Nc, C)."""
        return self.layers(landmark_features)
