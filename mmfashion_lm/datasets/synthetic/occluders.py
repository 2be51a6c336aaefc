"""Occluders: hands, bags and other objects drawn over landmarks.

They are layers like the garments, so the landmarks under them read as
occluded from the layer-ownership map.
"""
import math

import cv2
import numpy as np

from .colors import hsv_to_bgr, sample_skin_color, scale_color
from .drawing import SHIFT, composite, fill_mask, fixed, pixel_box

_SHAPES = ('ellipse', 'box', 'blob')


def _outline(rng: np.random.Generator, kind: str, center: np.ndarray,
             size: float) -> np.ndarray:
    """An occluder's polygon in pixels, (N, 2)."""
    angles = np.linspace(0, 2 * math.pi, 24, endpoint=False)
    if kind == 'blob':
        radii = size * rng.uniform(0.6, 1.0, len(angles))
        radii = (radii + np.roll(radii, 1) + np.roll(radii, -1)) / 3
    else:
        radii = np.full(len(angles), size)
    aspect = rng.uniform(0.5, 1.0)
    points = np.stack(
        [radii * np.cos(angles), aspect * radii * np.sin(angles)], axis=1)
    if kind == 'box':
        points = np.clip(points, -0.7 * size, 0.7 * size)
    turn = rng.uniform(0, math.pi)
    rotation = np.array([[math.cos(turn), -math.sin(turn)],
                         [math.sin(turn), math.cos(turn)]])
    return points @ rotation.T + center


def draw_occluders(image: np.ndarray, owner: np.ndarray,
                   rng: np.random.Generator, targets: np.ndarray, count: int,
                   first_layer: int) -> None:
    """Draw ``count`` occluders, each near one of the ``targets``.

    Args:
        image (np.ndarray): (H, W, 3) uint8, drawn on in place.
        owner (np.ndarray): (H, W) layer ids, updated in place.
        rng (np.random.Generator): the random source.
        targets (np.ndarray): (K, 2) pixel positions to cover (landmarks).
        count (int): how many occluders.
        first_layer (int): the first occluder's layer id; ids go up by one.
    """
    height, width = owner.shape
    for layer in range(first_layer, first_layer + count):
        size = rng.uniform(0.05, 0.1) * min(height, width)
        target = targets[rng.integers(len(targets))]
        # mostly over the target; the offset lets some landmarks peek out
        center = target + rng.normal(0, 0.3 * size, 2)
        kind = _SHAPES[rng.integers(len(_SHAPES))]
        polygon = _outline(rng, kind, center, size)
        # ellipses are hands; the rest bags, phones, hair, props
        color = sample_skin_color(rng) if kind == 'ellipse' else hsv_to_bgr(
            rng.uniform(0, 180), rng.uniform(0, 255), rng.uniform(30, 240))
        box = pixel_box(polygon, (height, width))
        if box is not None:
            x0, y0, x1, y1 = box
            shape, origin = (y1 - y0, x1 - x0), np.array([x0, y0])
            coverage = fill_mask(shape, [polygon], origin, True)
            composite(image[y0:y1, x0:x1], color, coverage / 255.0)
            inside = fill_mask(shape, [polygon], origin, False)
            owner[y0:y1, x0:x1][inside > 0] = layer
        cv2.polylines(image, [fixed(polygon)], True, scale_color(color, 0.6),
                      1, cv2.LINE_AA, SHIFT)
