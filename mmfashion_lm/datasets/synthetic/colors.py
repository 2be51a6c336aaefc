"""Colour sampling in HSV (OpenCV ranges: H 0..179, S and V 0..255).

A style palette (``pink``, ``red``, ``dark``, ``summer``) is an attribute, so
unlabelled garments are drawn away from the palettes' hues and brightness:
a label must be what the picture shows.
"""
from typing import Optional, Tuple

import cv2
import numpy as np

Color = Tuple[int, int, int]  # BGR

# (hue ranges, saturation range, value range) per palette; None = unlabelled.
_PALETTE_HSV = {
    None: (((12, 150), ), (40, 165), (90, 230)),
    'pink': (((158, 170), ), (70, 150), (205, 255)),
    'red': (((0, 4), (176, 180)), (190, 255), (140, 215)),
    'dark': (((0, 180), ), (20, 140), (20, 55)),
    'summer': (((18, 34), (84, 98)), (170, 255), (215, 255)),
}
# Fabrics with a colour of their own.
_FABRIC_HSV = {
    'denim': (((100, 112), ), (110, 200), (90, 170)),
    'leather': (((4, 20), ), (60, 160), (30, 90)),
}


def hsv_to_bgr(hue: float, sat: float, val: float) -> Color:
    """One HSV colour (OpenCV ranges) as a BGR tuple of ints."""
    pixel = np.array([[[hue % 180, sat, val]]], dtype=np.uint8)
    return tuple(int(c) for c in cv2.cvtColor(pixel, cv2.COLOR_HSV2BGR)[0, 0])


def _sample_hsv(rng: np.random.Generator, hues, sats, vals) -> np.ndarray:
    low, high = hues[rng.integers(len(hues))]
    return np.array(
        [rng.uniform(low, high),
         rng.uniform(*sats),
         rng.uniform(*vals)])


def sample_garment_colors(rng: np.random.Generator, palette: Optional[str],
                          fabric: str) -> Tuple[Color, Color]:
    """A garment's base colour and a contrasting accent (prints, trims).

    Args:
        rng (np.random.Generator): the random source.
        palette (str, optional): the style palette, None for none.
        fabric (str): the fabric; denim and leather have their own colours
            unless a palette is asked for.

    Returns:
        tuple: ``(base, accent)`` BGR colours.
    """
    if palette is None and fabric in _FABRIC_HSV:
        base = _sample_hsv(rng, *_FABRIC_HSV[fabric])
    else:
        base = _sample_hsv(rng, *_PALETTE_HSV[palette])
    if rng.random() < 0.4:
        # a neutral accent: near white on dark garments, near black on light
        val = rng.uniform(20, 50) if base[2] > 120 else rng.uniform(225, 255)
        accent = np.array([0.0, rng.uniform(0, 25), val])
    else:
        # another hue, far enough in brightness to read as a print
        val = base[2] - 110 if base[2] > 140 else base[2] + 110
        accent = np.array([
            base[0] + rng.uniform(50, 130),
            rng.uniform(120, 255),
            np.clip(val, 25, 250)
        ])
    return hsv_to_bgr(*base), hsv_to_bgr(*accent)


def sample_skin_color(rng: np.random.Generator) -> Color:
    """A skin tone (for hands and bodies)."""
    return hsv_to_bgr(
        rng.uniform(6, 18), rng.uniform(60, 150), rng.uniform(110, 240))


def sample_muted_color(rng: np.random.Generator) -> Color:
    """A low-saturation colour (backgrounds, clutter)."""
    return hsv_to_bgr(
        rng.uniform(0, 180), rng.uniform(0, 80), rng.uniform(70, 235))


def scale_color(color: Color, factor: float) -> Color:
    """``color`` made darker (factor < 1) or lighter (> 1), clipped."""
    return tuple(min(255, max(0, int(c * factor))) for c in color)
