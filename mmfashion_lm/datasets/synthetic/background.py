"""Cluttered backgrounds: a lit wall, sometimes a floor, blotches and
random shapes, so that a garment must be found, not just thresholded."""
from typing import Tuple

import cv2
import numpy as np

from .colors import sample_muted_color


def _clutter(image: np.ndarray, rng: np.random.Generator) -> None:
    """Draw 2 to 8 random rectangles, discs and lines in place."""
    height, width = image.shape[:2]
    span = min(height, width)
    for _ in range(rng.integers(2, 9)):
        color = sample_muted_color(rng)
        x, y = int(rng.integers(width)), int(rng.integers(height))
        size = int(rng.uniform(0.05, 0.35) * span)
        shape = rng.integers(3)
        if shape == 0:
            corner = (x + size, y + int(rng.uniform(0.3, 1.5) * size))
            cv2.rectangle(image, (x, y), corner, color, -1, cv2.LINE_AA)
        elif shape == 1:
            cv2.circle(image, (x, y), size // 2, color, -1, cv2.LINE_AA)
        else:
            end = (int(rng.integers(width)), int(rng.integers(height)))
            cv2.line(image, (x, y), end, color, int(rng.integers(1, 5)),
                     cv2.LINE_AA)


def draw_background(rng: np.random.Generator,
                    image_size: Tuple[int, int]) -> np.ndarray:
    """A fresh background image.

    Args:
        rng (np.random.Generator): the random source.
        image_size (tuple[int, int]): ``(width, height)``.

    Returns:
        np.ndarray: (height, width, 3) uint8 BGR.
    """
    width, height = image_size
    top = np.array(sample_muted_color(rng), np.float32)
    bottom = np.array(sample_muted_color(rng), np.float32)
    ramp = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    wall = np.rint(top + ramp * (bottom - top)).astype(np.uint8)
    image = np.ascontiguousarray(np.broadcast_to(wall, (height, width, 3)))
    if rng.random() < 0.35:
        floor = int(rng.uniform(0.55, 0.85) * height)
        image[floor:] = sample_muted_color(rng)
    _clutter(image, rng)
    # low-frequency blotches and fine grain, as on real walls and cameras
    coarse = rng.random((height // 16 + 2, width // 16 + 2), np.float32)
    blotches = cv2.resize(
        coarse - 0.5, (width, height), interpolation=cv2.INTER_CUBIC)
    grain = rng.random((height, width), np.float32) - 0.5
    noise = rng.uniform(4, 20) * blotches + 6 * grain
    return np.clip(image + noise[..., None], 0, 255).astype(np.uint8)
