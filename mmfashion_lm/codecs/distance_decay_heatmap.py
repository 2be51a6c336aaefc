"""Liu & Lu's landmark heatmaps: ``exp(-d / (2 R))`` of the distance to the
landmark, at the input's resolution, decoded by the argmax."""
from typing import Optional, Tuple

import numpy as np
from mmpose.codecs.base import BaseKeypointCodec
from mmpose.registry import KEYPOINT_CODECS


@KEYPOINT_CODECS.register_module()
class DistanceDecayHeatmap(BaseKeypointCodec):
    r"""One heatmap per landmark whose value decays exponentially with the
    distance (not its square) to the landmark, decoded by its argmax: the
    landmark target of "Deep Fashion Analysis with Feature Map Upsampling
    and Landmark-driven Attention" (Liu & Lu, ECCV Workshops 2018), the
    landmark branch of the multi-task model (docs/methods/multitask.md).

    For landmark :math:`k` at :math:`p_k` (input pixels) and heatmap pixel
    :math:`q`,

    .. math::

        H_k(q) = \exp\left(-\frac{\lVert s q - p_k \rVert}{2 R}\right),

    :math:`s` the input pixels per heatmap pixel and :math:`R` the radius
    ``radius`` in input pixels (Liu & Lu: 8 at a 224 x 224 input and
    heatmap). The weight of an unlabelled landmark is 0 (its heatmap is
    still written, and the loss ignores it).

    Note:

        - instance number: N (encoding supports N = 1, like top-down codecs)
        - keypoint number: K
        - input size: [w, h]
        - heatmap size: [W, H]

    Encoded:

        - heatmaps (np.ndarray): (K, H, W) float32
        - keypoint_weights (np.ndarray): (N, K), 1 for labelled landmarks

    Decoding: each heatmap's argmax, mapped to input pixels (``x * s``),
    scored by the heatmap's maximum.

    Args:
        input_size (tuple): The input size ``(w, h)``; required
        heatmap_size (tuple): The heatmap size ``(W, H)``, the input size in
            the paper; required
        radius (float): :math:`R`, input pixels (> 0). Defaults to 8.0
    """

    label_mapping_table = dict(keypoint_weights='keypoint_weights')
    field_mapping_table = dict(heatmaps='heatmaps')

    def __init__(self,
                 input_size: Tuple[int, int],
                 heatmap_size: Tuple[int, int],
                 radius: float = 8.0) -> None:
        super().__init__()
        if radius <= 0:
            raise ValueError(f'radius must be > 0, got {radius}')
        self.input_size = tuple(input_size)
        self.heatmap_size = tuple(heatmap_size)
        self.radius = radius
        self.scale_factor = (np.array(input_size, np.float64) /
                             np.array(heatmap_size, np.float64))

    def encode(self,
               keypoints: np.ndarray,
               keypoints_visible: Optional[np.ndarray] = None) -> dict:
        """Encode one garment's landmarks.

        Args:
            keypoints (np.ndarray): (1, K, 2), input pixels
            keypoints_visible (np.ndarray, optional): (1, K); above 0 is
                labelled. Defaults to all labelled

        Returns:
            dict: ``heatmaps`` (K, H, W) and ``keypoint_weights`` (1, K).
        """
        keypoints = np.asarray(keypoints, np.float64)
        if keypoints.ndim != 3 or keypoints.shape[0] != 1:
            raise ValueError('DistanceDecayHeatmap encodes one instance: '
                             f'keypoints of shape (1, K, 2), got '
                             f'{keypoints.shape}')
        if keypoints_visible is None:
            keypoints_visible = np.ones(keypoints.shape[:2])
        W, H = self.heatmap_size
        xs = np.arange(W) * self.scale_factor[0]
        ys = np.arange(H) * self.scale_factor[1]
        dx = xs[None, None, :] - keypoints[0, :, 0, None, None]
        dy = ys[None, :, None] - keypoints[0, :, 1, None, None]
        heatmaps = np.exp(-np.sqrt(dx**2 + dy**2) / (2 * self.radius))
        weights = (np.asarray(keypoints_visible).reshape(1, -1) > 0)
        return dict(
            heatmaps=heatmaps.astype(np.float32),
            keypoint_weights=weights.astype(np.float32))

    def decode(self, encoded: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Decode heatmaps (K, H, W) to keypoints (1, K, 2) in input pixels
        and scores (1, K)."""
        K, H, W = encoded.shape
        flat = encoded.reshape(K, -1)
        index = flat.argmax(axis=1)
        keypoints = np.stack([index % W, index // W], -1) * self.scale_factor
        scores = flat[np.arange(K), index]
        return (keypoints[None].astype(np.float32),
                scores[None].astype(np.float32))
