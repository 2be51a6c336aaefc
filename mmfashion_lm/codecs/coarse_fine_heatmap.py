"""The coarse and fine Gaussian heatmap targets of SANL-FPN and its
largest-connected-component decoder."""
from typing import Optional, Tuple

import cv2
import numpy as np
from mmpose.codecs.base import BaseKeypointCodec
from mmpose.codecs.utils import generate_unbiased_gaussian_heatmaps
from mmpose.registry import KEYPOINT_CODECS


@KEYPOINT_CODECS.register_module()
class CoarseFineHeatmap(BaseKeypointCodec):
    """Two Gaussian heatmaps per landmark, a wide one for CoarseNet and a
    narrow one for FineNet, decoded by the centroid of the largest connected
    component. See the paper `Spatial-aware non-local attention for fashion
    landmark detection`_ by Li et al. (ICME 2019) for details.

    Note:

        - instance number: N (encoding supports N = 1, like top-down codecs)
        - keypoint number: K
        - keypoint dimension: D
        - input size: [w, h]
        - heatmap size: [W, H]

    Coordinates. The input and the heatmap cover the same area with pixel
    centres at integer coordinates, so an input point ``x`` sits at
    ``(x + 0.5) * W / w - 0.5`` on the heatmap. That is the sampling of
    bilinear resizing with ``align_corners=False`` (``cv2.INTER_LINEAR``),
    hence :meth:`decode` upsamples a heatmap and reads the keypoints directly
    in input pixels. The Gaussians are centred at the exact sub-pixel
    position (not rounded to the heatmap grid), so encoding then decoding
    recovers the keypoints to a fraction of an input pixel (for sigmas of
    at least one heatmap pixel; narrower ones are undersampled). Under this
    convention a horizontally flipped input has exactly the flipped
    heatmaps: flip tests need no heatmap shift (``shift_heatmap=False``).

    Encoded:

        - heatmaps (np.ndarray): The CoarseNet target, Gaussians of
            ``coarse_sigma``, in shape (K, H, W)
        - fine_heatmaps (np.ndarray): The FineNet target, Gaussians of
            ``fine_sigma``, in shape (K, H, W)
        - keypoint_weights (np.ndarray): The target weights in shape (N, K):
            the visibility, or 0 where the fine Gaussian (the narrower) has
            no part inside the heatmap; shared by both targets

    ``GenerateTarget`` passes :attr:`field_mapping_table` and
    :attr:`label_mapping_table` on to ``PackPoseInputs``, which puts both
    heatmaps into ``data_sample.gt_fields`` and the weights into
    ``data_sample.gt_instance_labels``.

    Decoding. The decoder is fed probabilities, i.e. the sigmoid of the
    head's logits (see :class:`VisibleWeightedBCELoss`). Each channel is
    upsampled bilinearly to the input size and thresholded at
    ``max(lcc_thr * peak, lcc_min_thr)``, ``peak`` being the channel's
    maximum. Of the 8-connected components above the threshold the largest
    by area is kept; the keypoint is its centroid weighted by the upsampled
    values (``sum(v * x) / sum(v)`` over its pixels) and the score is its
    maximum value. A channel whose peak is below ``lcc_min_thr`` holds no
    blob worth the name and falls back to its argmax: the input position of
    its highest heatmap sample, scored by that sample.
    A component is made of input pixels, so its centroid lies in the input.
    The centroid of a blob cut by the input border is pulled inwards.

    Args:
        input_size (tuple): Input image size ``(w, h)`` in pixels (the
            model's input crop); required
        heatmap_size (tuple): Heatmap size ``(W, H)`` in heatmap pixels,
            the input size / 4 in the paper (stride 4); required
        coarse_sigma (float): The sigma of the CoarseNet Gaussians, in
            heatmap pixels; required
        fine_sigma (float): The sigma of the FineNet Gaussians, in heatmap
            pixels, ``0 < fine_sigma <= coarse_sigma``; required
        lcc_thr (float): Decoding: the relative threshold of the connected
            components, as a fraction of the channel's maximum, in (0, 1];
            higher keeps a tighter blob around the peak. Defaults to 0.5
        lcc_min_thr (float): Decoding: the absolute floor of that
            threshold, a probability (> 0) on the sigmoid outputs; channels
            peaking below it decode to their argmax. Defaults to 0.05

    Raises:
        ValueError: When ``fine_sigma`` is not in ``(0, coarse_sigma]``,
            ``lcc_thr`` not in (0, 1] or ``lcc_min_thr`` not positive

    .. _`Spatial-aware non-local attention for fashion landmark detection`:
        https://arxiv.org/abs/1903.04104
    """

    field_mapping_table = dict(heatmaps='heatmaps',
                               fine_heatmaps='fine_heatmaps')
    label_mapping_table = dict(keypoint_weights='keypoint_weights')

    def __init__(self,
                 input_size: Tuple[int, int],
                 heatmap_size: Tuple[int, int],
                 coarse_sigma: float,
                 fine_sigma: float,
                 lcc_thr: float = 0.5,
                 lcc_min_thr: float = 0.05) -> None:
        super().__init__()
        if not 0 < fine_sigma <= coarse_sigma:
            raise ValueError('need 0 < fine_sigma <= coarse_sigma, got '
                             f'fine_sigma={fine_sigma}, '
                             f'coarse_sigma={coarse_sigma}')
        if not 0 < lcc_thr <= 1:
            raise ValueError(f'lcc_thr must be in (0, 1], got {lcc_thr}')
        if lcc_min_thr <= 0:
            raise ValueError(f'lcc_min_thr must be > 0, got {lcc_min_thr}')
        self.input_size = input_size
        self.heatmap_size = heatmap_size
        self.coarse_sigma = coarse_sigma
        self.fine_sigma = fine_sigma
        self.lcc_thr = lcc_thr
        self.lcc_min_thr = lcc_min_thr
        self.scale_factor = (np.array(input_size) /
                             heatmap_size).astype(np.float32)

    def encode(self,
               keypoints: np.ndarray,
               keypoints_visible: Optional[np.ndarray] = None) -> dict:
        """Encode keypoints into coarse and fine heatmaps. The keypoint
        coordinates are in the input image space.

        Args:
            keypoints (np.ndarray): Keypoint coordinates in shape (N, K, D)
            keypoints_visible (np.ndarray): Keypoint visibilities in shape
                (N, K)

        Returns:
            dict:
            - heatmaps (np.ndarray): The CoarseNet target in shape (K, H, W)
            - fine_heatmaps (np.ndarray): The FineNet target in shape
                (K, H, W)
            - keypoint_weights (np.ndarray): The target weights in shape
                (N, K)
        """
        assert keypoints.shape[0] == 1, (
            f'{self.__class__.__name__} only support single-instance '
            'keypoint encoding')

        if keypoints_visible is None:
            keypoints_visible = np.ones(keypoints.shape[:2], dtype=np.float32)

        heatmap_keypoints = (keypoints + 0.5) / self.scale_factor - 0.5
        heatmaps, coarse_weights = generate_unbiased_gaussian_heatmaps(
            heatmap_size=self.heatmap_size,
            keypoints=heatmap_keypoints,
            keypoints_visible=keypoints_visible,
            sigma=self.coarse_sigma)
        fine_heatmaps, fine_weights = generate_unbiased_gaussian_heatmaps(
            heatmap_size=self.heatmap_size,
            keypoints=heatmap_keypoints,
            keypoints_visible=keypoints_visible,
            sigma=self.fine_sigma)

        # A landmark supervises both stages or neither: the coarse target
        # alone would still show a wide Gaussian's tail of a landmark just
        # outside the heatmap.
        keypoint_weights = np.minimum(coarse_weights,
                                      fine_weights).astype(np.float32)

        return dict(
            heatmaps=heatmaps,
            fine_heatmaps=fine_heatmaps,
            keypoint_weights=keypoint_weights)

    def decode(self, encoded: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Decode keypoint coordinates from heatmaps by the weighted centroid
        of each channel's largest connected component. The decoded keypoint
        coordinates are in the input image space.

        Args:
            encoded (np.ndarray): Heatmap probabilities (the sigmoid of the
                head's logits) in shape (K, H, W)

        Returns:
            tuple:
            - keypoints (np.ndarray): Decoded keypoint coordinates in shape
                (1, K, 2)
            - scores (np.ndarray): The keypoint scores in shape (1, K)
        """
        K, H, W = encoded.shape
        flat = encoded.reshape(K, -1)

        # The fallback: the argmax sample, at its position in the input.
        argmax_y, argmax_x = np.unravel_index(flat.argmax(axis=1), (H, W))
        keypoints = (np.stack([argmax_x, argmax_y], axis=-1) +
                     0.5) * self.scale_factor - 0.5
        scores = flat.max(axis=1)

        # Bilinear upsampling never exceeds the samples, so a channel
        # peaking below ``lcc_min_thr`` has no component and is spared the
        # work at input resolution (most of DeepFashion2's 294 channels).
        candidates = np.flatnonzero(scores >= self.lcc_min_thr)
        centroids, peaks, found = self._largest_component_centroids(
            encoded[candidates])
        keypoints[candidates[found]] = centroids[found]
        scores[candidates[found]] = peaks[found]

        return (keypoints[None].astype(np.float32),
                scores[None].astype(np.float32))

    def _largest_component_centroids(
            self,
            heatmaps: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Upsample heatmaps to the input size and find the value-weighted
        centroid and the maximum of each channel's largest connected
        component.

        Args:
            heatmaps (np.ndarray): Heatmaps in shape (C, H, W)

        Returns:
            tuple:
            - centroids (np.ndarray): [x, y] in input pixels, in shape (C, 2)
            - peaks (np.ndarray): The components' maxima in shape (C, )
            - found (np.ndarray): Whether a channel has a component, in
                shape (C, ); the other rows of the outputs are meaningless
        """
        C = len(heatmaps)
        w, h = self.input_size
        upsampled = np.empty((C, h, w), dtype=heatmaps.dtype)
        in_largest = np.zeros((C, h, w), dtype=bool)
        # Resizing and labelling one channel at a time is the fastest with
        # cv2: contiguous planes and no transposes.
        for c in range(C):
            # INTER_LINEAR samples at half-pixel offsets, as encode assumes
            upsampled[c] = cv2.resize(
                heatmaps[c], (w, h), interpolation=cv2.INTER_LINEAR)
            thr = max(self.lcc_thr * upsampled[c].max(), self.lcc_min_thr)
            num, labels, stats, _ = cv2.connectedComponentsWithStats(
                (upsampled[c] >= thr).view(np.uint8), connectivity=8)
            if num > 1:  # label 0 is the background
                largest = stats[1:, cv2.CC_STAT_AREA].argmax() + 1
                in_largest[c] = labels == largest

        found = in_largest.any(axis=(1, 2))
        mass = np.where(in_largest, upsampled, 0)
        # A channel without a component has no mass: divide it by 1.
        total = np.where(found, mass.sum(axis=(1, 2)), 1)
        xs = mass.sum(axis=1) @ np.arange(w, dtype=mass.dtype)
        ys = mass.sum(axis=2) @ np.arange(h, dtype=mass.dtype)
        centroids = np.stack([xs, ys], axis=-1) / total[:, None]
        return centroids, mass.max(axis=(1, 2), initial=0), found
