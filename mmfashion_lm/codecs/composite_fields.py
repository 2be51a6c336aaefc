"""Composite fields (PifPaf): the CIF / CAF targets of every garment in an
image and the greedy decoder that turns predicted fields into garments."""
import heapq
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np
from mmpose.codecs.base import BaseKeypointCodec
from mmpose.registry import KEYPOINT_CODECS

# Channels of the raw fields the head predicts (``decode``'s input).
CIF_CHANNELS = 5  # confidence logit, dx, dy, log b, scale (pre-softplus)
CAF_CHANNELS = 9  # confidence logit, dx1, dy1, dx2, dy2, log b1, log b2,
#                   scale1, scale2 (pre-softplus)
# The soft bound c of the predicted spreads, ``log b -> c tanh(log b / c)``,
# as LaplaceLoss applies it in training (its ``log_b_bound`` default).
LOG_B_BOUND = 3.0
# Rows of the encoded targets per landmark / per link.
CIF_TARGETS = 4  # confidence, dx, dy, scale
CAF_TARGETS = 7  # confidence, dx1, dy1, dx2, dy2, scale1, scale2

Skeleton = Union[str, Sequence[Tuple[int, int]]]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _spread(log_b: np.ndarray) -> np.ndarray:
    """The spread ``b`` of a raw ``log b``, softly bounded as in training."""
    return np.exp(LOG_B_BOUND * np.tanh(log_b / LOG_B_BOUND))


def _keep_nearest(keys: np.ndarray, distances: np.ndarray) -> np.ndarray:
    """Indices of the entries with the smallest distance among those that
    share a key (the closest-instance rule)."""
    order = np.lexsort((distances, keys))
    _, first = np.unique(keys[order], return_index=True)
    return order[first]


@KEYPOINT_CODECS.register_module()
class CompositeFields(BaseKeypointCodec):
    """Composite intensity (CIF) and association (CAF) fields of all the
    garments of one image, and their greedy decoder. See `PifPaf:
    Composite Fields for Human Pose Estimation`_ (Kreiss et al., CVPR 2019)
    and its application to DeepFashion in the source study
    (Khayatan, "Category classification and landmark localization for a
    fashion dataset", EPFL project report, section 4.1).

    Note:

        - instance number: N
        - keypoint number: K
        - link number: L (``len(skeleton)``)
        - input size: [w, h], with ``w - 1`` and ``h - 1`` multiples of
          ``stride``
        - field size: [W, H] = [(w - 1) / stride + 1, (h - 1) / stride + 1]

    Geometry. Field cell ``(i, j)`` sits on input pixel
    ``(x, y) = (j * stride, i * stride)``; vectors and scales are in field
    cells. Input sizes of ``stride * n + 1`` keep a horizontally flipped
    input on the same grid (cell ``j`` becomes ``W - 1 - j``), so flip tests
    are exact (:meth:`flip_fields`).

    Encoded (``NaN`` marks "no target": an ignored confidence, a missing
    vector or scale):

        - cif_targets (np.ndarray): (K * 4, H, W); rows ``4k .. 4k + 3`` are
          landmark ``k``'s confidence (1 within a ``cif_patch`` x
          ``cif_patch`` patch of cells around each labelled landmark, 0
          elsewhere, NaN in unlabelled regions), the vector ``(dx, dy)`` from
          the cell to the landmark and the landmark's scale
          ``sqrt(area) * sigma_k``; where patches of several garments meet,
          a cell takes the nearest landmark.
        - caf_targets (np.ndarray): (L * 7, H, W); rows ``7l .. 7l + 6``
          are link ``l``'s confidence (1 on a band ``caf_band`` cells wide
          swept along the middle of each labelled link, from ``caf_margin``
          to ``1 - caf_margin`` of its length), the vectors to its two
          joints and their two scales; overlapping bands keep the garment
          whose link passes nearest.

    ``GenerateTarget`` passes :attr:`field_mapping_table` to
    ``PackPoseInputs``: both arrive in ``data_sample.gt_fields``.

    Decoding (:meth:`decode`, fed the head's raw fields). A high-resolution
    confidence map per landmark (every CIF cell with confidence above
    ``cif_vote_thr`` adds ``c / 16`` as an unnormalised Gaussian of width
    ``scale / 2`` pixels, at least ``cif_vote_min_sigma`` and at most two
    field cells, cut at one sigma, at the point it regresses to; clamped at
    1) scores the seeds: CIF cells above ``seed_thr``, best first, scored
    ``0.9 * hr + 0.1 * c``. A seed on a landmark an earlier garment already
    holds is skipped (occupancy).
    A garment grows from its seed along the skeleton with a priority
    frontier: the connection of highest score is placed first. A
    connection from a placed joint uses the link's CAF entries whose near
    end regresses to within ``s`` of the joint (``s`` the larger of the
    entry's scale and one field cell), scored as the paper scores them,
    ``c * exp(-d / b1) * f2``, with ``d`` that distance, ``b1`` the entry's
    predicted spread at the near end and ``f2`` the high-resolution
    confidence of the far end's landmark where the far end points; the two
    best (the second when it scores at least half the best) give the new
    joint, scored
    ``sqrt(connection * start score)``, refused below ``keypoint_thr`` or
    below half the start's score, and refused unless the reverse
    connection lands back within ``s`` of the start. Placed joints are
    final. Joints of a garment that the skeleton did not reach are
    completed, score 0, by the best CIF vote of their landmark within the
    garment's estimated size around its box (the larger of the box's longer
    side and the placed joints' ``scale / sigma``), else anywhere (so that
    every landmark of the best garment has a position, for NE). Then
    duplicate joints (within ``s`` of a better garment's joint of the same
    landmark) and joints below ``keypoint_thr`` get score 0, and garments
    whose score, a weighted mean of their sorted joint scores (the best
    three weigh 3), falls below ``instance_thr`` are dropped. Everything
    but the growth (a loop over a garment's joints) is vectorised over
    cells.

    Args:
        input_size (tuple): The model's input size ``(w, h)`` in pixels;
            required
        num_keypoints (int): K, the landmarks per garment; required
        skeleton (str | Sequence[tuple]): The links, 0-based ``(a, b)``
            landmark pairs, or the name of one of the dataset tables'
            skeletons (``mmfashion_lm.datasets.metainfo.composite_skeleton``);
            required
        stride (int): The field stride in input pixels. Defaults to 8
        sigmas (str | Sequence[float], optional): Per-landmark size
            constants (COCO OKS sigmas) for the scale targets, or
            ``'deepfashion2'`` for the official sigmas of the 294 slots.
            Defaults to None:
            0.05 for every landmark (DeepFashion publishes none;
            docs/methods/composite_fields.md)
        cif_patch (int): The side of the CIF patch, cells. Defaults to 4
        caf_band (int): The width of the CAF band, cells. Defaults to 3
        caf_margin (float): The share of a link's length left out at each
            end of its band, in [0, 0.5). Defaults to 0.25
        min_scale_landmarks (int): Garments with fewer labelled landmarks
            get no scale targets. Defaults to 3
        cif_vote_thr (float): Decoding: the confidence of a CIF cell that
            votes in the high-resolution map. Defaults to 0.3
        cif_vote_min_sigma (float): Decoding: the smallest width (sigma,
            input pixels) of a vote's Gaussian in the high-resolution map.
            Defaults to 1.0 (OpenPifPaf's); coarse fields, whose votes
            scatter by more than the landmarks' scale, need wider ones
        seed_thr (float): Decoding: the confidence of a seed. Defaults to
            0.2
        caf_thr (float): Decoding: the confidence of a usable CAF entry.
            Defaults to 0.1
        keypoint_thr (float): Decoding: the lowest joint score. Defaults to
            0.15
        instance_thr (float): Decoding: the lowest garment score. Defaults
            to 0.15
        max_instances (int): Decoding: at most this many garments, best
            first. Defaults to 30
        slot_categories (str | Sequence[int], optional): The category of
            each of the K slots, for a layout of several categories' slots
            (``'deepfashion2'``: the 294 slots of the 13 categories, or one
            id per slot). Decoding then keeps each garment in its seed's
            category: the growth follows the skeleton, whose links never
            join two categories; unreached joints are completed in the
            category's own slots only (the other slots keep score 0); the
            garment score is the weighted mean over the category's slots;
            :meth:`categories_of` gives each garment's category. Defaults
            to None (one category)
        heatmap_mask_marks (str): What ``heatmap_mask`` marks: ``'labelled'``
            (mmpose's ``BottomupGetHeatmapMask`` default: True where labelled;
            the padding of a warped image then counts as unlabelled) or
            ``'unlabelled'`` (``BottomupGetHeatmapMask(get_invalid=True)``:
            True on crowd and landmark-less regions only, the padding then
            trains as background, as our configs do). Defaults to
            ``'labelled'``

    .. _`PifPaf: Composite Fields for Human Pose Estimation`:
        https://arxiv.org/abs/1903.06593
    """

    auxiliary_encode_keys = {'bbox', 'heatmap_mask'}
    field_mapping_table = dict(
        cif_targets='cif_targets', caf_targets='caf_targets')

    def __init__(self,
                 input_size: Tuple[int, int],
                 num_keypoints: int,
                 skeleton: Skeleton,
                 stride: int = 8,
                 sigmas: Optional[Union[str, Sequence[float]]] = None,
                 cif_patch: int = 4,
                 caf_band: int = 3,
                 caf_margin: float = 0.25,
                 min_scale_landmarks: int = 3,
                 cif_vote_thr: float = 0.3,
                 cif_vote_min_sigma: float = 1.0,
                 seed_thr: float = 0.2,
                 caf_thr: float = 0.1,
                 keypoint_thr: float = 0.15,
                 instance_thr: float = 0.15,
                 max_instances: int = 30,
                 slot_categories: Optional[Union[str, Sequence[int]]] = None,
                 heatmap_mask_marks: str = 'labelled') -> None:
        super().__init__()
        if heatmap_mask_marks not in ('labelled', 'unlabelled'):
            raise ValueError("heatmap_mask_marks must be 'labelled' or "
                             f"'unlabelled', got {heatmap_mask_marks!r}")
        w, h = input_size
        if (w - 1) % stride or (h - 1) % stride:
            raise ValueError(
                f'input_size {tuple(input_size)}: each side must be '
                f'stride * n + 1 (stride {stride}), e.g. '
                f'{stride * ((w - 1) // stride) + 1}, so that the field '
                'grid lands on input pixels')
        if isinstance(skeleton, str):
            from mmfashion_lm.datasets.metainfo import composite_skeleton
            skeleton = composite_skeleton(skeleton)
        skeleton = np.asarray(skeleton, dtype=np.int64).reshape(-1, 2)
        if len(skeleton) and (skeleton.min() < 0
                              or skeleton.max() >= num_keypoints):
            raise ValueError(f'skeleton links must join landmarks 0 .. '
                             f'{num_keypoints - 1}, got {skeleton.tolist()}')
        if sigmas is None:
            sigmas = [0.05] * num_keypoints
        elif isinstance(sigmas, str):
            from mmfashion_lm.datasets.metainfo import composite_slot_sigmas
            sigmas = composite_slot_sigmas(sigmas)
        if len(sigmas) != num_keypoints:
            raise ValueError(f'sigmas has {len(sigmas)} values for '
                             f'{num_keypoints} keypoints')
        if not 0 <= caf_margin < 0.5:
            raise ValueError(f'caf_margin must be in [0, 0.5), got '
                             f'{caf_margin}')
        if isinstance(slot_categories, str):
            from mmfashion_lm.datasets.metainfo import \
                composite_slot_categories
            slot_categories = composite_slot_categories(slot_categories)
        if slot_categories is not None:
            slot_categories = np.asarray(slot_categories, np.int64)
            if slot_categories.shape != (num_keypoints, ):
                raise ValueError(
                    f'slot_categories has {slot_categories.size} entries '
                    f'for {num_keypoints} keypoints')
            # per slot, the number of slots of its category
            _, inverse, counts = np.unique(
                slot_categories, return_inverse=True, return_counts=True)
            self._category_size = counts[inverse]
        else:
            self._category_size = np.full(num_keypoints, num_keypoints)
        self.slot_categories = slot_categories
        self.input_size = (int(w), int(h))
        self.num_keypoints = num_keypoints
        self.skeleton = skeleton
        self.stride = stride
        self.sigmas = np.asarray(sigmas, dtype=np.float64)
        self.field_size = ((w - 1) // stride + 1, (h - 1) // stride + 1)
        self.cif_patch = cif_patch
        self.caf_band = caf_band
        self.caf_margin = caf_margin
        self.min_scale_landmarks = min_scale_landmarks
        self.cif_vote_thr = cif_vote_thr
        if cif_vote_min_sigma <= 0:
            raise ValueError('cif_vote_min_sigma must be > 0, got '
                             f'{cif_vote_min_sigma}')
        self.cif_vote_min_sigma = cif_vote_min_sigma
        self.seed_thr = seed_thr
        self.caf_thr = caf_thr
        self.keypoint_thr = keypoint_thr
        self.instance_thr = instance_thr
        self.max_instances = max_instances
        self.heatmap_mask_marks = heatmap_mask_marks
        # links leaving each landmark: (link, is its first end)
        self._links_of = [[(l, end == 0) for l, pair in enumerate(skeleton)
                           for end in (0, 1) if pair[end] == k]
                          for k in range(num_keypoints)]

    # ------------------------------------------------------------ encoding
    def encode(self,
               keypoints: np.ndarray,
               keypoints_visible: Optional[np.ndarray] = None,
               bbox: Optional[np.ndarray] = None,
               heatmap_mask: Optional[np.ndarray] = None) -> dict:
        """Encode the garments of one image into CIF and CAF targets.

        Args:
            keypoints (np.ndarray): Keypoints in input pixels, (N, K, 2)
            keypoints_visible (np.ndarray, optional): (N, K); landmarks
                above 0 are targets. Defaults to all
            bbox (np.ndarray, optional): Garment boxes ``x1 y1 x2 y2`` in
                input pixels, (N, 4), whose areas size the scale targets.
                Defaults to None: the box of each garment's labelled
                landmarks
            heatmap_mask (np.ndarray, optional): (h, w) bool, the labelled
                or the unlabelled region (``heatmap_mask_marks``);
                confidences in the unlabelled one are ignored, except the
                positives. Defaults to all labelled

        Returns:
            dict: ``cif_targets`` (K * 4, H, W) and ``caf_targets``
            (L * 7, H, W), float32.
        """
        keypoints = np.asarray(keypoints, dtype=np.float64)[..., :2]
        num_instances, num_keypoints = keypoints.shape[:2]
        if num_keypoints != self.num_keypoints:
            raise ValueError(f'{num_keypoints} keypoints given to a codec '
                             f'of {self.num_keypoints}')
        labelled = (np.ones((num_instances, num_keypoints), bool)
                    if keypoints_visible is None else
                    np.asarray(keypoints_visible).reshape(
                        num_instances, num_keypoints) > 0)
        points = keypoints / self.stride
        scales = self._scale_targets(keypoints, labelled, bbox)

        W, H = self.field_size
        background = np.zeros((H, W), np.float32)
        if heatmap_mask is not None:
            labelled_cells = self._mask_at_cells(heatmap_mask)
            if self.heatmap_mask_marks == 'unlabelled':
                labelled_cells = ~labelled_cells
            background[~labelled_cells] = np.nan
        cif = np.full((num_keypoints, CIF_TARGETS, H, W), np.nan, np.float32)
        cif[:, 0] = background
        caf = np.full((len(self.skeleton), CAF_TARGETS, H, W), np.nan,
                      np.float32)
        caf[:, 0] = background

        n, k = np.nonzero(labelled)
        if len(n):
            self._fill_cif(cif, n, k, points[n, k], scales[n, k])
        a, b = self.skeleton.T
        # (link, instance) pairs, link-major: both ends labelled
        link, n = np.nonzero((labelled[:, a] & labelled[:, b]).T)
        if len(link):
            self._fill_caf(caf, link, points[n, a[link]], points[n, b[link]],
                           scales[n, a[link]], scales[n, b[link]])
        return dict(
            cif_targets=cif.reshape(-1, H, W),
            caf_targets=caf.reshape(-1, H, W))

    def _scale_targets(self, keypoints: np.ndarray, labelled: np.ndarray,
                       bbox: Optional[np.ndarray]) -> np.ndarray:
        """(N, K) landmark scales ``sqrt(area) * sigma`` in field cells;
        NaN for garments with too few labelled landmarks."""
        if bbox is not None:
            boxes = np.asarray(bbox, dtype=np.float64).reshape(-1, 4)
            sizes = boxes[:, 2:] - boxes[:, :2]
        else:
            low = np.where(labelled[..., None], keypoints, np.inf).min(1)
            high = np.where(labelled[..., None], keypoints, -np.inf).max(1)
            sizes = np.where(np.isfinite(low), high - low, 0.0)
        area = np.prod(np.clip(sizes, 0, None), axis=1)
        scales = np.sqrt(area)[:, None] * self.sigmas[None] / self.stride
        scales[labelled.sum(axis=1) < self.min_scale_landmarks] = np.nan
        return scales

    def _mask_at_cells(self, mask: np.ndarray) -> np.ndarray:
        """The (H, W) mask value at each cell's input pixel."""
        W, H = self.field_size
        mask = np.asarray(mask, dtype=bool)
        ys = np.clip(np.arange(H) * self.stride, 0, mask.shape[0] - 1)
        xs = np.clip(np.arange(W) * self.stride, 0, mask.shape[1] - 1)
        return mask[np.ix_(ys, xs)]

    def _cells_around(self, points: np.ndarray,
                      offsets: np.ndarray) -> Tuple[np.ndarray, ...]:
        """Cells ``base(point) + offset`` inside the grid, for every point
        and offset: (point index, cell x, cell y)."""
        W, H = self.field_size
        base = np.floor(points).astype(np.int64)
        cells = base[:, None] + offsets[None]  # (P, O, 2)
        index = np.repeat(np.arange(len(points)), len(offsets))
        cells = cells.reshape(-1, 2)
        inside = ((cells[:, 0] >= 0) & (cells[:, 0] < W) & (cells[:, 1] >= 0)
                  & (cells[:, 1] < H))
        return index[inside], cells[inside, 0], cells[inside, 1]

    def _fill_cif(self, cif: np.ndarray, n: np.ndarray, k: np.ndarray,
                  points: np.ndarray, scales: np.ndarray) -> None:
        half = self.cif_patch // 2
        span = np.arange(-(half - 1) if self.cif_patch % 2 == 0 else -half,
                         half + 1)
        offsets = np.stack(np.meshgrid(span, span), -1).reshape(-1, 2)
        index, cx, cy = self._cells_around(points, offsets)
        vectors = points[index] - np.stack([cx, cy], -1)
        distances = np.linalg.norm(vectors, axis=1)
        keys = (k[index] * self.field_size[1] + cy) * self.field_size[0] + cx
        keep = _keep_nearest(keys, distances)
        index, cx, cy, vectors = index[keep], cx[keep], cy[keep], vectors[keep]
        kk = k[index]
        cif[kk, 0, cy, cx] = 1.0
        cif[kk, 1, cy, cx] = vectors[:, 0]
        cif[kk, 2, cy, cx] = vectors[:, 1]
        cif[kk, 3, cy, cx] = scales[index]

    def _fill_caf(self, caf: np.ndarray, link: np.ndarray, start: np.ndarray,
                  end: np.ndarray, start_scales: np.ndarray,
                  end_scales: np.ndarray) -> None:
        """Fill the (L, 7, H, W) targets from the labelled (link, instance)
        pairs, sorted by link: each link's instances are sampled alike,
        as many samples as its longest instance needs, and a cell takes
        the nearest sample of its link."""
        lengths = np.linalg.norm(end - start, axis=1)
        longest = np.zeros(len(caf))
        np.maximum.at(longest, link, lengths)
        steps = np.maximum(
            2,
            np.ceil(longest * (1 - 2 * self.caf_margin)).astype(np.int64) +
            1)[link]  # samples of each pair
        pair = np.repeat(np.arange(len(link)), steps)
        step = np.arange(len(pair)) - np.repeat(np.cumsum(steps) - steps,
                                                steps)
        fractions = self.caf_margin + (1 - 2 * self.caf_margin) * (
            step / (steps[pair] - 1))
        samples = start[pair] + fractions[:, None] * (end - start)[pair]
        half = self.caf_band // 2
        span = np.arange(-half, half + 1)
        offsets = np.stack(np.meshgrid(span, span), -1).reshape(-1, 2)
        # centre the band on the nearest cell of each sample
        index, cx, cy = self._cells_around(samples + 0.5, offsets)
        cells = np.stack([cx, cy], -1)
        distances = np.linalg.norm(samples[index] - cells, axis=1)
        W, H = self.field_size
        owner = pair[index]
        keep = _keep_nearest((link[owner] * H + cy) * W + cx, distances)
        owner, cells = owner[keep], cells[keep]
        cx, cy, cl = cells[:, 0], cells[:, 1], link[owner]
        to_start = start[owner] - cells
        to_end = end[owner] - cells
        caf[cl, 0, cy, cx] = 1.0
        caf[cl, 1, cy, cx], caf[cl, 2, cy, cx] = to_start[:, 0], to_start[:, 1]
        caf[cl, 3, cy, cx], caf[cl, 4, cy, cx] = to_end[:, 0], to_end[:, 1]
        caf[cl, 5, cy, cx] = start_scales[owner]
        caf[cl, 6, cy, cx] = end_scales[owner]

    def perfect_fields(self, encoded: dict,
                       confidence_logit: float = 20.0
                       ) -> Tuple[np.ndarray, np.ndarray]:
        """The raw fields a perfect head would predict for ``encoded``
        targets: confidence logits of +/- ``confidence_logit``, the target
        vectors, ``log b = 0``, the scales (1 cell where a target has none).
        For tests, the benchmark and the visualisation of targets.

        Returns:
            tuple: ``cif`` (K, 5, H, W) and ``caf`` (L, 9, H, W), float32.
        """
        W, H = self.field_size
        cif_t = encoded['cif_targets'].reshape(-1, CIF_TARGETS, H, W)
        caf_t = encoded['caf_targets'].reshape(-1, CAF_TARGETS, H, W)

        def raw_scale(scale: np.ndarray) -> np.ndarray:
            # the inverse of softplus
            return np.log(np.expm1(np.maximum(np.nan_to_num(scale, nan=1.0),
                                              1e-3)))

        def raw_confidence(confidence: np.ndarray) -> np.ndarray:
            return np.where(confidence == 1, confidence_logit,
                            -confidence_logit)

        cif = np.zeros((len(cif_t), CIF_CHANNELS, H, W), np.float32)
        cif[:, 0] = raw_confidence(cif_t[:, 0])
        cif[:, 1:3] = np.nan_to_num(cif_t[:, 1:3])
        cif[:, 4] = raw_scale(cif_t[:, 3])
        caf = np.zeros((len(caf_t), CAF_CHANNELS, H, W), np.float32)
        caf[:, 0] = raw_confidence(caf_t[:, 0])
        caf[:, 1:5] = np.nan_to_num(caf_t[:, 1:5])
        caf[:, 7:9] = raw_scale(caf_t[:, 5:7])
        return cif, caf

    # ------------------------------------------------------------ flipping
    def flip_fields(self, cif: np.ndarray, caf: np.ndarray,
                    flip_indices: Sequence[int]
                    ) -> Tuple[np.ndarray, np.ndarray]:
        """The raw fields of a horizontally flipped input, from those of the
        input (or back: flipping is its own inverse).

        Args:
            cif (np.ndarray): (K, 5, H, W) raw CIF, or batched (B, K, 5, H, W)
            caf (np.ndarray): (L, 9, H, W) raw CAF, or batched
            flip_indices (Sequence[int]): The landmark each landmark becomes
                (mmpose's ``flip_indices``)

        Returns:
            tuple: The flipped ``cif`` and ``caf``, same shapes. Works on
            numpy arrays and torch tensors alike.

        Raises:
            ValueError: When a link's mirror image is not in the skeleton.
        """
        flip_indices = [int(i) for i in flip_indices]
        link_of = {tuple(pair): l for l, pair in enumerate(
            self.skeleton.tolist())}
        sources, reversed_ = [], []
        for a, b in self.skeleton.tolist():
            fa, fb = flip_indices[a], flip_indices[b]
            if (fa, fb) in link_of:
                sources.append(link_of[(fa, fb)])
                reversed_.append(False)
            elif (fb, fa) in link_of:
                sources.append(link_of[(fb, fa)])
                reversed_.append(True)
            else:
                raise ValueError(
                    f'the mirror image of link ({a}, {b}), ({fa}, {fb}), '
                    'is not in the skeleton: flip test needs a symmetric '
                    'skeleton')
        cif = _mirror(cif[..., flip_indices, :, :, :])
        cif[..., 1, :, :] = -cif[..., 1, :, :]
        caf = _mirror(caf[..., sources, :, :, :])
        swap = [0, 3, 4, 1, 2, 6, 5, 8, 7]
        rev = np.flatnonzero(reversed_).tolist()
        if rev:
            caf[..., rev, :, :, :] = caf[..., rev, :, :, :][..., swap, :, :]
        caf[..., [1, 3], :, :] = -caf[..., [1, 3], :, :]
        return cif, caf

    # ------------------------------------------------------------ decoding
    def decode(self,
               cif: np.ndarray,
               caf: np.ndarray,
               clip_box: Optional[Sequence[float]] = None
               ) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Decode the raw fields of one image into garments.

        Args:
            cif (np.ndarray): (K, 5, H, W) raw CIF of the head
            caf (np.ndarray): (L, 9, H, W) raw CAF of the head
            clip_box (Sequence[float], optional): ``x1 y1 x2 y2`` in input
                pixels that keypoints are clipped into (the image inside a
                padded input). Defaults to the input

        Returns:
            tuple:
            - keypoints (np.ndarray): (M, K, 2) in input pixels
            - keypoint_scores (np.ndarray): (M, K), 0 for joints the
              decoder did not place
            - bboxes (np.ndarray): (M, 4) ``x1 y1 x2 y2`` of the placed
              joints
            - bbox_scores (np.ndarray): (M, ) garment scores, descending
        """
        votes = self._cif_votes(np.asarray(cif, dtype=np.float64))
        hr = _HighResolutionMap(votes, self.input_size, self.cif_vote_thr,
                                self.stride, self.cif_vote_min_sigma)
        links = self._caf_candidates(np.asarray(caf, dtype=np.float64))
        occupied = np.zeros((self.num_keypoints, self.field_size[1],
                             self.field_size[0]), bool)
        instances: List[np.ndarray] = []
        k, x, y, score, scale = self._seeds(votes, hr)
        cx, cy = self._cells_of(x, y)
        alive = np.ones(len(k), bool)
        # one garment per turn, from the best seed no garment holds yet
        while alive.any() and len(instances) < 3 * self.max_instances:
            first = int(np.argmax(alive))
            joints = self._grow(int(k[first]), x[first], y[first],
                                score[first], scale[first], links, hr)
            self._occupy(occupied, joints)
            instances.append(joints)
            alive[first] = False
            alive &= ~occupied[k, cy, cx]
        return self._finish(instances, votes, clip_box)

    def _cif_votes(self, cif: np.ndarray) -> np.ndarray:
        """(K, H * W, 4) CIF cells as (confidence, x, y, scale), positions
        and scales in input pixels."""
        K, _, H, W = cif.shape
        ys, xs = np.mgrid[0:H, 0:W]
        confidence = _sigmoid(cif[:, 0])
        x = (xs[None] + cif[:, 1]) * self.stride
        y = (ys[None] + cif[:, 2]) * self.stride
        scale = _softplus(cif[:, 4]) * self.stride
        return np.stack([confidence, x, y, scale], axis=-1).reshape(
            K, H * W, 4)

    def _seeds(self, votes: np.ndarray,
               hr: '_HighResolutionMap') -> Tuple[np.ndarray, ...]:
        """Seeds as arrays (k, x, y, score, scale), best first."""
        k, i = np.nonzero((votes[..., 0] >= self.seed_thr)
                          & np.isfinite(votes).all(axis=-1))
        c, x, y, s = (votes[k, i, j] for j in range(4))
        score = 0.9 * hr.at(k, x, y) + 0.1 * c
        order = np.argsort(-score, kind='stable')
        return k[order], x[order], y[order], score[order], s[order]

    def _caf_candidates(self, caf: np.ndarray) -> list:
        """Per link, its confident CAF entries as (M, 9) arrays of
        (confidence, x1, y1, x2, y2, scale1, scale2, spread1, spread2) in
        input pixels."""
        L, _, H, W = caf.shape
        ys, xs = np.mgrid[0:H, 0:W]
        confidence = _sigmoid(caf[:, 0])
        links = []
        for link in range(L):
            keep = confidence[link] >= self.caf_thr
            cx, cy = xs[keep], ys[keep]
            f = caf[link][:, keep]
            links.append(np.stack([
                confidence[link][keep],
                (cx + f[1]) * self.stride, (cy + f[2]) * self.stride,
                (cx + f[3]) * self.stride, (cy + f[4]) * self.stride,
                _softplus(f[7]) * self.stride,
                _softplus(f[8]) * self.stride,
                _spread(f[5]) * self.stride,
                _spread(f[6]) * self.stride
            ], axis=-1))
        return links

    def _connect(self, candidates: np.ndarray, forward: bool, x: float,
                 y: float, far_k: int, hr: '_HighResolutionMap'
                 ) -> Optional[Tuple[float, float, float, float]]:
        """The best connection from joint (x, y) along one link to landmark
        ``far_k``: (x, y, score, scale) of the other end, or None."""
        if not len(candidates):
            return None
        near, far = ((slice(1, 3), slice(3, 5)) if forward else
                     (slice(3, 5), slice(1, 3)))
        near_scale, far_scale = (5, 6) if forward else (6, 5)
        near_spread = 7 if forward else 8
        s = np.maximum(candidates[:, near_scale], self.stride)
        d = np.linalg.norm(candidates[:, near] - (x, y), axis=1)
        f2 = hr.at(np.full(len(candidates), far_k), candidates[:, far][:, 0],
                   candidates[:, far][:, 1])
        scores = candidates[:, 0] * np.exp(
            -d / candidates[:, near_spread]) * f2
        scores[d > s] = 0.0
        best = np.argsort(-scores)[:2]
        if scores[best[0]] <= 0:
            return None
        if len(best) > 1 and scores[best[1]] >= 0.5 * scores[best[0]]:
            weights = scores[best]
        else:
            best, weights = best[:1], scores[best[:1]]
        target = (weights[:, None] * candidates[best, far]).sum(0) / \
            weights.sum()
        scale = float(candidates[best[0], far_scale])
        return float(target[0]), float(target[1]), float(scores[best[0]]), \
            scale

    def _grow(self, k: int, x: float, y: float, score: float, scale: float,
              links: list, hr: '_HighResolutionMap') -> np.ndarray:
        """One garment from its seed: (K, 4) joints (x, y, score, scale)."""
        joints = np.zeros((self.num_keypoints, 4))
        joints[k] = (x, y, score, scale)
        frontier: list = []

        def push_from(start: int) -> None:
            sx, sy, start_score, _ = joints[start]
            for link, forward in self._links_of[start]:
                target = self.skeleton[link][1 if forward else 0]
                if joints[target, 2] > 0:
                    continue
                found = self._connect(links[link], forward, sx, sy, target,
                                      hr)
                if found is None:
                    continue
                tx, ty, connection, tscale = found
                new_score = np.sqrt(connection * start_score)
                if new_score < max(self.keypoint_thr, 0.5 * start_score):
                    continue
                back = self._connect(links[link], not forward, tx, ty, start,
                                     hr)
                reach = max(joints[start, 3], self.stride)
                if back is None or np.hypot(back[0] - sx,
                                            back[1] - sy) > reach:
                    continue
                heapq.heappush(frontier,
                               (-new_score, int(target), tx, ty, tscale))

        push_from(k)
        while frontier:
            negative_score, target, tx, ty, tscale = heapq.heappop(frontier)
            if joints[target, 2] > 0:
                continue
            joints[target] = (tx, ty, -negative_score, tscale)
            push_from(target)
        return joints

    def _cells_of(self, x: np.ndarray,
                  y: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """The cells nearest to input points, clipped to the grid."""
        W, H = self.field_size
        return (np.clip(np.rint(x / self.stride), 0, W - 1).astype(int),
                np.clip(np.rint(y / self.stride), 0, H - 1).astype(int))

    def _occupy(self, occupied: np.ndarray, joints: np.ndarray) -> None:
        """Mark the cells within each placed joint's scale (at least one
        cell) as taken, for its landmark."""
        W, H = self.field_size
        ys, xs = np.mgrid[0:H, 0:W]
        placed = np.flatnonzero(joints[:, 2] > 0)
        radius = np.maximum(joints[placed, 3], self.stride) / self.stride
        d2 = ((xs[None] - joints[placed, 0, None, None] / self.stride)**2 +
              (ys[None] - joints[placed, 1, None, None] / self.stride)**2)
        occupied[placed] |= d2 <= radius[:, None, None]**2

    def _finish(self, instances: List[np.ndarray], votes: np.ndarray,
                clip_box: Optional[Sequence[float]]) -> tuple:
        K = self.num_keypoints
        if not instances:
            return (np.zeros((0, K, 2), np.float32), np.zeros((0, K),
                                                                np.float32),
                    np.zeros((0, 4), np.float32), np.zeros(0, np.float32))
        joints = np.stack(instances)  # (M, K, 4)
        scores = joints[..., 2]
        # duplicates: a joint within reach of a better garment's joint of
        # the same landmark
        order = np.argsort(-self._instance_scores(scores), kind='stable')
        joints, scores = joints[order], scores[order]
        reach = np.maximum(joints[..., 3], self.stride)  # (M, K)
        d = np.linalg.norm(joints[:, None, :, :2] - joints[None, :, :, :2],
                           axis=-1)  # (M, M, K)
        better = np.tril(np.ones((len(joints), ) * 2, bool), -1)
        duplicate = (better[..., None] & (d < reach[:, None]) &
                     (scores[None] > 0)).any(axis=1)
        scores = np.where(duplicate | (scores < self.keypoint_thr), 0.0,
                          scores)
        instance_scores = self._instance_scores(scores)
        # a garment keeps at least one joint above the joint threshold
        keep = np.flatnonzero((instance_scores >= self.instance_thr)
                              & (scores > 0).any(axis=1))
        keep = keep[np.argsort(-instance_scores[keep],
                               kind='stable')][:self.max_instances]
        joints, scores = joints[keep], scores[keep]
        placed = scores > 0
        xy = joints[..., :2]
        boxes = np.concatenate([
            np.where(placed[..., None], xy, np.inf).min(1),
            np.where(placed[..., None], xy, -np.inf).max(1)
        ], axis=1)
        settled = placed
        if self.slot_categories is not None:
            # complete the garment's own category's slots only
            own = self.categories_of(scores)
            settled = placed | (self.slot_categories[None] != own[:, None])
        xy = self._complete(xy, settled, boxes,
                            self._garment_sizes(joints, placed, boxes), votes)
        if clip_box is None:
            clip_box = (0, 0, self.input_size[0] - 1, self.input_size[1] - 1)
        x1, y1, x2, y2 = clip_box
        xy[..., 0] = np.clip(xy[..., 0], x1, x2)
        xy[..., 1] = np.clip(xy[..., 1], y1, y2)
        boxes[:, [0, 2]] = np.clip(boxes[:, [0, 2]], x1, x2)
        boxes[:, [1, 3]] = np.clip(boxes[:, [1, 3]], y1, y2)
        return (xy.astype(np.float32), scores.astype(np.float32),
                boxes.astype(np.float32),
                instance_scores[keep].astype(np.float32))

    def _instance_scores(self, scores: np.ndarray) -> np.ndarray:
        """Weighted mean of each garment's sorted joint scores, the best
        three weighing 3, over the slots of its category (its best
        joint's; all K slots for a codec without ``slot_categories``)."""
        ranked = -np.sort(-scores, axis=1)
        weights = np.ones(scores.shape[1])
        weights[:3] = 3.0
        size = self._category_size[np.argmax(scores, axis=1)]
        return ranked @ weights / np.cumsum(weights)[size - 1]

    def categories_of(self, keypoint_scores: np.ndarray) -> np.ndarray:
        """(M, ) the category of each decoded garment (M, K scores): that
        of its placed joints, which all lie in one category's slots."""
        if self.slot_categories is None:
            raise ValueError('categories_of needs a codec with '
                             'slot_categories')
        return self.slot_categories[np.argmax(keypoint_scores, axis=1)]

    def _complete(self, xy: np.ndarray, placed: np.ndarray,
                  boxes: np.ndarray, sizes: np.ndarray,
                  votes: np.ndarray) -> np.ndarray:
        """Positions for the joints the growth did not place: the most
        confident CIF vote of that landmark within ``sizes`` (M, ), the
        garment's estimated size, around its box, else its most confident
        vote anywhere, else the box centre."""
        xy = xy.copy()
        m, k = np.nonzero(~placed)
        if not len(m):
            return xy
        margin = sizes[m, None] + self.stride
        lo, hi = boxes[m, :2] - margin, boxes[m, 2:] + margin
        c, vx, vy = votes[k, :, 0], votes[k, :, 1], votes[k, :, 2]
        finite = np.isfinite(votes[k]).all(axis=-1)
        inside = ((vx >= lo[:, :1]) & (vx <= hi[:, :1]) & (vy >= lo[:, 1:])
                  & (vy <= hi[:, 1:]))
        # ranks: near the garment first (c + 2), then anywhere (c), no vote
        ranked = np.where(finite, np.where(inside, c + 2.0, c), -1.0)
        best = ranked.argmax(axis=1)
        rows = np.arange(len(m))
        found = ranked[rows, best] >= 0
        centre = 0.5 * (boxes[m, :2] + boxes[m, 2:])
        xy[m, k] = np.where(found[:, None],
                            np.stack([vx[rows, best], vy[rows, best]], -1),
                            centre)
        return xy

    def _garment_sizes(self, joints: np.ndarray, placed: np.ndarray,
                       boxes: np.ndarray) -> np.ndarray:
        """(M, ) each garment's size estimate, pixels: the larger of its
        box's longer side and its placed joints' largest ``scale / sigma``
        (the scale target is ``sqrt(area) * sigma``, so a joint's predicted
        scale tells the garment's size even when few joints are placed)."""
        from_scales = np.where(placed, joints[..., 3] / self.sigmas,
                               0.0).max(axis=1)
        return np.maximum((boxes[:, 2:] - boxes[:, :2]).max(axis=1),
                          from_scales)


def _mirror(fields):
    """Fields mirrored left-right (numpy or torch), a copy."""
    if isinstance(fields, np.ndarray):
        return fields[..., ::-1].copy()
    return fields.flip(-1)


class _HighResolutionMap:
    """The high-resolution confidence of the landmarks with CIF votes, at
    input resolution: each vote above ``threshold`` adds ``c / 16`` as an
    unnormalised Gaussian of width ``scale / 2`` pixels (at least
    ``min_sigma``, at most two field cells), cut at one sigma, at the point
    it regresses to; clamped at 1. Only landmarks with votes get a map
    (DeepFashion2's 294 would not fit otherwise)."""

    def __init__(self,
                 votes: np.ndarray,
                 input_size: Tuple[int, int],
                 threshold: float,
                 stride: int,
                 min_sigma: float = 1.0) -> None:
        self.width, self.height = input_size
        k, i = np.nonzero((votes[..., 0] >= threshold)
                          & np.isfinite(votes).all(axis=-1))
        self.slot = np.full(len(votes), -1)
        active = np.unique(k)
        self.slot[active] = np.arange(len(active))
        size = self.width * self.height
        self.maps = np.zeros((len(active), self.height, self.width))
        if not len(k):
            return
        c, x, y, s = (votes[k, i, j] for j in range(4))
        # at most two field cells wide: a diverging scale would otherwise
        # blow up the kernels' memory
        sigma = np.clip(0.5 * s, min_sigma, max(2.0 * stride, min_sigma))
        radius = int(np.ceil(sigma.max()))
        span = np.arange(-radius, radius + 1)
        ox, oy = (o.ravel() for o in np.meshgrid(span, span))
        px = np.rint(x)[:, None] + ox[None]
        py = np.rint(y)[:, None] + oy[None]
        d2 = (px - x[:, None])**2 + (py - y[:, None])**2
        weight = c[:, None] / 16 * np.exp(-0.5 * d2 / sigma[:, None]**2)
        keep = ((d2 <= sigma[:, None]**2) & (px >= 0) & (px < self.width) &
                (py >= 0) & (py < self.height))
        slot = np.broadcast_to(self.slot[k][:, None], keep.shape)[keep]
        flat = (slot * size + py[keep] * self.width + px[keep]).astype(
            np.int64)
        self.maps = np.minimum(
            np.bincount(flat, weight[keep], len(active) * size), 1.0).reshape(
                len(active), self.height, self.width)

    def at(self, k: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The map of landmark ``k`` at the pixels nearest to (x, y); 0 for
        landmarks without votes and points outside the input."""
        slot = self.slot[k]
        px, py = np.rint(x).astype(np.int64), np.rint(y).astype(np.int64)
        inside = ((slot >= 0) & (px >= 0) & (px < self.width) & (py >= 0)
                  & (py < self.height))
        values = np.zeros(len(k))
        values[inside] = self.maps[slot[inside], py[inside], px[inside]]
        return values
