"""The annotation's own landmark visibility (visible, occluded, absent),
carried from the json into every data sample.

mmpose's datasets read COCO's visibility flag ``v`` (2 visible, 1 labelled
but occluded, 0 not labelled: truncated or absent) as
``keypoints_visible = min(1, v)``, so occluded and visible landmarks look
the same downstream. The fashion-landmark literature counts visible
landmarks only, by default, when it trains and evaluates (the DeepFashion
protocol of Liu & Lu, ECCV-W 2018; docs/metrics.md). One mechanism keeps
``v``:

1. :class:`LoadKeypointVisibility`, first in a pipeline (in a combined
   dataset, each subset's pipeline, with the same ``mapping`` as its
   ``KeypointConverter``), stores ``v`` as ``results['keypoints_visibility']``,
   ``(N, K)`` uint8, from the sample's ``raw_ann_info``, top-down (one
   instance) or bottom-up (all of an image's instances).
2. It stays in the loaded landmark order through the geometric transforms:
   it does not change with an affine warp (whether a landmark falls inside
   the evaluated frame is the metric's business, from its coordinates), and
   a flip is applied when the sample is packed, from the ``flip``,
   ``flip_direction`` and ``flip_indices`` that mmpose's ``RandomFlip``
   records (:func:`flipped_visibility`).
3. :class:`SelectTrainingLandmarks`, before ``RandomFlip`` in a training
   pipeline, sets ``keypoints_visible`` (what the codecs turn into the
   losses' keypoint weights) from ``v``: the losses train on the landmarks
   the config chooses.
4. :class:`~mmfashion_lm.datasets.PackFashionInputs` packs it as
   ``gt_instances.keypoints_visibility``, which
   :class:`~mmfashion_lm.evaluation.FashionNEMetric` reads.
"""
from typing import List, Optional, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

#: COCO's keypoint visibility flags.
ABSENT, OCCLUDED, VISIBLE = 0, 1, 2

#: What each landmark selection keeps: the visible landmarks, or those in
#: the picture (visible or occluded).
MIN_VISIBILITY = dict(visible=VISIBLE, in_picture=OCCLUDED)


def visibility_mask(visibility: np.ndarray, landmarks: str) -> np.ndarray:
    """Which landmarks a selection keeps.

    Args:
        visibility (np.ndarray): COCO flags (0 / 1 / 2), any shape.
        landmarks (str): ``'visible'`` (flag 2) or ``'in_picture'`` (flag 1
            or 2).

    Returns:
        np.ndarray: bool, the shape of ``visibility``.
    """
    if landmarks not in MIN_VISIBILITY:
        raise ValueError(f'landmarks must be one of '
                         f'{tuple(MIN_VISIBILITY)}, got {landmarks!r}')
    return np.asarray(visibility) >= MIN_VISIBILITY[landmarks]


def flipped_visibility(results: dict) -> np.ndarray:
    """``results['keypoints_visibility']`` in the order of the (possibly
    flipped) keypoints: a horizontal or vertical flip recorded by mmpose's
    ``RandomFlip`` swaps the symmetric pairs (``flip_indices``); a diagonal
    flip swaps nothing, as in mmpose's ``flip_keypoints``."""
    visibility = results['keypoints_visibility']
    if results.get('flip') and results.get('flip_direction') in (
            'horizontal', 'vertical'):
        visibility = visibility[:, results['flip_indices']]
    return visibility


@TRANSFORMS.register_module()
class LoadKeypointVisibility(BaseTransform):
    """Store the COCO visibility flags of the sample's annotation(s) as
    ``keypoints_visibility`` (see the module doc for the whole mechanism).

    Required keys: ``raw_ann_info`` (a dict for a top-down sample, a list
    of dicts for a bottom-up one, as mmpose's datasets give), ``keypoints``.

    Added key: ``keypoints_visibility``, ``(N, K)`` uint8, in the order of
    ``keypoints`` after a ``KeypointConverter`` with the same ``mapping``.
    A sample that holds it already (loaded by a combined dataset's subset)
    is left as it is, so one pipeline serves single and combined datasets.

    Args:
        num_keypoints (int, optional): K after conversion; needed with
            ``mapping``. Defaults to None (no conversion).
        mapping (Sequence[tuple[int, int]], optional): (source, target)
            landmark index pairs, as for mmpose's ``KeypointConverter``
            placed after this transform; targets not mapped are absent
            (flag 0). Defaults to None.
    """

    def __init__(self,
                 num_keypoints: Optional[int] = None,
                 mapping: Optional[Sequence[Tuple[int, int]]] = None) -> None:
        if (mapping is None) != (num_keypoints is None):
            raise ValueError('LoadKeypointVisibility: give both '
                             'num_keypoints and mapping, or neither')
        self.num_keypoints = num_keypoints
        self.mapping: Optional[List[Tuple[int, int]]] = (
            None if mapping is None else [tuple(pair) for pair in mapping])

    def transform(self, results: dict) -> dict:
        if 'keypoints_visibility' in results:
            return results
        annotations = results.get('raw_ann_info')
        if annotations is None and 'keypoints' not in results:
            # a bottom-up test image without garments: nothing to carry
            return results
        if annotations is None:
            raise KeyError(
                'LoadKeypointVisibility needs the raw annotation '
                "('raw_ann_info', kept by mmpose's COCO-style datasets); "
                f"sample {results.get('img_path')} has none")
        if isinstance(annotations, dict):
            annotations = [annotations]
        visibility = np.array(
            [np.asarray(ann['keypoints']).reshape(-1, 3)[:, 2]
             for ann in annotations],
            dtype=np.uint8).reshape(len(annotations), -1)
        if self.mapping is not None:
            converted = np.zeros((len(annotations), self.num_keypoints),
                                 np.uint8)
            for source, target in self.mapping:
                converted[:, target] = visibility[:, source]
            visibility = converted
        expected = results['keypoints'].shape[:2]
        if self.mapping is None and visibility.shape != expected:
            raise ValueError(
                f'LoadKeypointVisibility: {visibility.shape} visibility '
                f'flags for keypoints of shape {expected} in '
                f"{results.get('img_path')}; place it before any "
                'KeypointConverter, with the same mapping')
        results['keypoints_visibility'] = visibility
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_keypoints='
                f'{self.num_keypoints}, mapping={self.mapping})')


@TRANSFORMS.register_module()
class SelectTrainingLandmarks(BaseTransform):
    """Train on the chosen landmarks: set ``keypoints_visible``, which the
    codecs turn into the keypoint weights of the losses, from the COCO flags
    of :class:`LoadKeypointVisibility`.

    Place it before ``RandomFlip`` (which then flips ``keypoints_visible``
    with the keypoints). Landmarks left out get weight 0: no target is drawn
    for them and they add nothing to a weighted loss (a loss that ignores
    the weights, e.g. ``VisibleWeightedBCELoss(use_target_weight=False)``,
    trains their empty maps instead).

    Required keys: ``keypoints_visibility``, ``keypoints_visible``.
    Modified key: ``keypoints_visible``.

    Args:
        landmarks (str): ``'visible'``: the visible landmarks only (the
            default of the DeepFashion protocol); ``'in_picture'``: visible
            and occluded ones (what mmpose's datasets give). Defaults to
            ``'visible'``.
    """

    def __init__(self, landmarks: str = 'visible') -> None:
        visibility_mask(np.zeros(0), landmarks)  # validates the name
        self.landmarks = landmarks

    def transform(self, results: dict) -> dict:
        if 'flip' in results:
            raise RuntimeError(
                'SelectTrainingLandmarks must come before RandomFlip in the '
                'pipeline (it reads the flags in the loaded order)')
        keep = visibility_mask(results['keypoints_visibility'],
                               self.landmarks)
        visible = results['keypoints_visible']
        if visible.ndim == 3:
            # (N, K, 2) = (visibility, weight) from mmpose's
            # KeypointConverter: select on the visibility channel
            visible = visible.copy()
            visible[..., 0] *= keep
        else:
            visible = visible * keep
        results['keypoints_visible'] = visible
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(landmarks={self.landmarks!r})'
