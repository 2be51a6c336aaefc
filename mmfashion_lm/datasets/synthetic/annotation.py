"""What a drawn garment's annotation says: landmark positions and their
visibility, box, visible-region polygons."""
from dataclasses import dataclass
from enum import IntEnum
from typing import List, Tuple

import cv2
import numpy as np

from .drawing import fill_mask, transform
from .garment import Garment
from .spec import GarmentSpec


class Visibility(IntEnum):
    """A landmark's state in the picture (DeepFashion's codes, plus ABSENT
    for landmark slots the garment does not have)."""
    VISIBLE = 0
    OCCLUDED = 1
    TRUNCATED = 2
    ABSENT = 3


@dataclass
class GarmentAnnotation:
    """One garment as drawn in one image; pixel coordinates.

    Attributes:
        spec (GarmentSpec): what the garment is.
        layer (int): its layer id in the image (higher is on top).
        worn (bool): part of an outfit (DeepFashion2 viewpoint "frontal")
            rather than shown on its own ("no wear").
        contour (np.ndarray): (K, 2) DeepFashion2 landmarks, unrounded.
        contour_visibility (np.ndarray): (K, ) :class:`Visibility` codes.
        fld (np.ndarray): (8, 2) DeepFashion landmarks, NaN where absent.
        fld_visibility (np.ndarray): (8, ) :class:`Visibility` codes.
        bbox (tuple[int]): ``(x1, y1, x2, y2)``, inclusive pixel box of the
            garment's part inside the image, occluded parts included.
        area (int): pixels of the garment inside the image.
        visible_mask (np.ndarray): (H, W) bool, the garment's pixels that no
            later layer covers.
        segmentation (list[list[int]]): polygons ``[x, y, x, y, ...]`` of
            ``visible_mask``.
    """
    spec: GarmentSpec
    layer: int
    worn: bool
    contour: np.ndarray
    contour_visibility: np.ndarray
    fld: np.ndarray
    fld_visibility: np.ndarray
    bbox: Tuple[int, int, int, int]
    area: int
    visible_mask: np.ndarray
    segmentation: List[List[int]]


def landmark_visibility(points: np.ndarray, owner: np.ndarray,
                        layer: int) -> np.ndarray:
    """Visibility of pixel-space ``points`` of the garment on ``layer``.

    A landmark whose rounded position is outside the image is truncated; one
    whose pixel belongs to a later layer (another garment, an occluder) is
    occluded; NaN points are absent.

    Args:
        points (np.ndarray): (K, 2) pixel coordinates, NaN rows allowed.
        owner (np.ndarray): (H, W) layer id of each pixel.
        layer (int): the garment's layer.

    Returns:
        np.ndarray: (K, ) int :class:`Visibility` codes.
    """
    height, width = owner.shape
    absent = np.isnan(points).any(axis=1)
    pixels = np.rint(np.nan_to_num(points)).astype(np.int64)
    inside = (~absent & (pixels[:, 0] >= 0) & (pixels[:, 0] < width)
              & (pixels[:, 1] >= 0) & (pixels[:, 1] < height))
    codes = np.full(len(points), int(Visibility.TRUNCATED))
    codes[absent] = Visibility.ABSENT
    covered = np.zeros(len(points), dtype=bool)
    covered[inside] = owner[pixels[inside, 1], pixels[inside, 0]] > layer
    codes[inside & covered] = Visibility.OCCLUDED
    codes[inside & ~covered] = Visibility.VISIBLE
    return codes


def _polygons(mask: np.ndarray) -> List[List[int]]:
    """Outer outlines of a binary mask as flat integer polygons."""
    contours, _ = cv2.findContours(
        mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    polygons = []
    for contour in contours:
        simple = cv2.approxPolyDP(contour, 1.0, True).reshape(-1)
        if len(simple) >= 6:  # at least a triangle
            polygons.append([int(c) for c in simple])
    return polygons


def annotate_garment(garment: Garment, matrix: np.ndarray, layer: int,
                     owner: np.ndarray, worn: bool) -> GarmentAnnotation:
    """Annotate a garment painted on ``layer`` with ``matrix``.

    Args:
        garment (Garment): the garment.
        matrix (np.ndarray): its 2x3 garment-to-pixel map.
        layer (int): its layer id.
        owner (np.ndarray): (H, W) layer ids after all layers are drawn.
        worn (bool): see :class:`GarmentAnnotation`.
    """
    template = garment.template
    contour = transform(template.contour, matrix)
    fld = transform(template.fld, matrix)
    contour_visibility = landmark_visibility(contour, owner, layer)
    fld_visibility = landmark_visibility(fld, owner, layer)
    full = fill_mask(owner.shape,
                     [transform(p, matrix) for p in template.pieces],
                     np.zeros(2), False)
    visible = owner == layer
    x, y, w, h = cv2.boundingRect(full)
    # the box also holds every landmark in the image, even one a rounding
    # step off the filled polygon
    landmarks = np.concatenate([contour, fld])
    visibility = np.concatenate([contour_visibility, fld_visibility])
    in_image = np.rint(landmarks[visibility <= Visibility.OCCLUDED])
    xs = np.concatenate([[x, x + w - 1], in_image[:, 0]]).astype(int)
    ys = np.concatenate([[y, y + h - 1], in_image[:, 1]]).astype(int)
    return GarmentAnnotation(
        spec=garment.spec,
        layer=layer,
        worn=worn,
        contour=contour,
        contour_visibility=contour_visibility,
        fld=fld,
        fld_visibility=fld_visibility,
        bbox=(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())),
        area=int(cv2.countNonZero(full)),
        visible_mask=visible,
        segmentation=_polygons(visible))
