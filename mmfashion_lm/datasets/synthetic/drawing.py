"""Sub-pixel OpenCV drawing in garment units.

OpenCV draws integer pixel coordinates; with ``shift`` fractional bits it
draws sub-pixel positions, which keeps small garments' edges where the
landmarks say they are.
"""
import math
from typing import Iterable, Optional, Sequence, Tuple, Union

import cv2
import numpy as np

from .colors import Color

SHIFT = 4  # fractional bits of the fixed-point coordinates given to OpenCV
_ONE = 1 << SHIFT


def fixed(points: np.ndarray) -> np.ndarray:
    """Pixel coordinates (N, 2) as OpenCV fixed-point int32."""
    return np.rint(np.asarray(points) * _ONE).astype(np.int32).reshape(-1, 2)


def transform(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Apply a 2x3 affine ``matrix`` to points (..., 2)."""
    return np.asarray(points) @ matrix[:, :2].T + matrix[:, 2]


def composite(region: np.ndarray, colors: Union[np.ndarray, Color],
              alpha: np.ndarray) -> None:
    """Blend ``colors`` over the uint8 image ``region`` in place.

    Args:
        region (np.ndarray): (h, w, 3) uint8 view of the image.
        colors (np.ndarray | tuple): (h, w, 3) colours (float or uint8,
            within 0..255) or one BGR colour.
        alpha (np.ndarray): (h, w) weights in [0, 1].
    """
    if np.ndim(colors) == 1:
        layer = np.empty_like(region)
        layer[...] = colors
    else:
        layer = np.rint(colors).astype(np.uint8)
    alpha = alpha.astype(np.float32)
    region[...] = cv2.blendLinear(region, layer, 1.0 - alpha, alpha)


def pixel_box(points: np.ndarray,
              shape: Tuple[int, int],
              margin: int = 2) -> Optional[Tuple[int, int, int, int]]:
    """The pixel box ``(x0, y0, x1, y1)`` (end exclusive) around ``points``
    grown by ``margin`` and clipped to an image of ``shape`` (h, w); None
    when it misses the image."""
    height, width = shape
    x0, y0 = np.maximum(np.floor(points.min(0)).astype(int) - margin, 0)
    x1 = min(int(np.ceil(points[:, 0].max())) + margin + 1, width)
    y1 = min(int(np.ceil(points[:, 1].max())) + margin + 1, height)
    if x0 >= x1 or y0 >= y1:
        return None
    return int(x0), int(y0), x1, y1


def fill_mask(shape: Tuple[int, int], polygons: Iterable[np.ndarray],
              offset: np.ndarray, antialiased: bool) -> np.ndarray:
    """The union of pixel-space ``polygons`` as a uint8 mask of ``shape``.

    Each polygon is filled on its own, so overlapping pieces form their
    union whatever their winding.

    Args:
        shape (tuple[int, int]): (h, w) of the mask.
        polygons (iterable[np.ndarray]): (N, 2) pixel coordinates each.
        offset (np.ndarray): (2, ) pixel position of the mask's top left.
        antialiased (bool): 0..255 coverage if True, else 0/1 pixels.

    Returns:
        np.ndarray: (h, w) uint8.
    """
    mask = np.zeros(shape, dtype=np.uint8)
    value, line = (255, cv2.LINE_AA) if antialiased else (1, cv2.LINE_8)
    for polygon in polygons:
        cv2.fillPoly(mask, [fixed(polygon - offset)], value, line, SHIFT)
    return mask


class GarmentPen:
    """Draws shapes given in garment units onto an image.

    Args:
        image (np.ndarray): (H, W, 3) uint8, drawn on in place.
        matrix (np.ndarray): 2x3 affine map from garment units to pixels.
    """

    def __init__(self, image: np.ndarray, matrix: np.ndarray) -> None:
        self.image = image
        self.matrix = matrix
        # pixels per garment unit (the map is a scaled rotation)
        self.scale = math.sqrt(abs(np.linalg.det(matrix[:, :2])))

    def pixels(self, points: np.ndarray) -> np.ndarray:
        return transform(points, self.matrix)

    def thickness(self, width: float) -> int:
        """A line ``width`` in garment units as whole pixels, at least 1."""
        return max(1, int(round(width * self.scale)))

    def fill(self, polygons: Sequence[np.ndarray], color: Color) -> None:
        for polygon in polygons:
            cv2.fillPoly(self.image, [fixed(self.pixels(polygon))], color,
                         cv2.LINE_AA, SHIFT)

    def stroke(self,
               polylines: Sequence[np.ndarray],
               color: Color,
               width: float = 0.0,
               closed: bool = False) -> None:
        """Draw polylines ``width`` garment units wide (at least 1 px)."""
        if polylines:
            cv2.polylines(self.image,
                          [fixed(self.pixels(p)) for p in polylines], closed,
                          color, self.thickness(width), cv2.LINE_AA, SHIFT)

    def dot(self, center: np.ndarray, radius: float, color: Color) -> None:
        """A filled disc of ``radius`` garment units (at least 1 px)."""
        radius_px = max(1.0, radius * self.scale)
        cv2.circle(self.image, tuple(fixed(self.pixels(center))[0]),
                   int(round(radius_px * _ONE)), color, -1, cv2.LINE_AA, SHIFT)

    def garment_coords(self, x0: int, y0: int, x1: int,
                       y1: int) -> Tuple[np.ndarray, np.ndarray]:
        """Garment coordinates ``(u, v)`` of the pixel centres of the box
        ``[x0, x1) x [y0, y1)``, each (y1 - y0, x1 - x0)."""
        inverse = cv2.invertAffineTransform(self.matrix)
        xs, ys = np.meshgrid(
            np.arange(x0, x1, dtype=np.float64),
            np.arange(y0, y1, dtype=np.float64))
        u = inverse[0, 0] * xs + inverse[0, 1] * ys + inverse[0, 2]
        v = inverse[1, 0] * xs + inverse[1, 1] * ys + inverse[1, 2]
        return u, v
