"""Fabric looks (attribute group 2), applied on top of the printed colours.

A fabric modulates the colours with its weave (ribs, twill, wales), sheen or
sparkle, and may make the garment see-through. Weave periods are in garment
units, so they scale with the garment like a real weave would.
"""
from types import MappingProxyType
from typing import Callable, Tuple, Union

import numpy as np

# (colours, u, v, rng) -> colours; all float32 (h, w, 3) in 0..255
Fabric = Callable[[np.ndarray, np.ndarray, np.ndarray, np.random.Generator],
                  np.ndarray]


def _shade(colors: np.ndarray, factor: np.ndarray) -> np.ndarray:
    return colors * factor[..., None].astype(np.float32)


def _lighten(colors: np.ndarray, amount: Union[float,
                                               np.ndarray]) -> np.ndarray:
    """Move colours towards white by ``amount`` (scalar or (h, w))."""
    amount = np.asarray(amount, dtype=np.float32)
    if amount.ndim:
        amount = amount[..., None]
    return colors + (255 - colors) * amount


def cotton(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
           rng: np.random.Generator) -> np.ndarray:
    return colors


def knit(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
         rng: np.random.Generator) -> np.ndarray:
    return _shade(colors, 0.88 + 0.12 * np.cos(2 * np.pi * u / 0.02))


def denim(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
          rng: np.random.Generator) -> np.ndarray:
    twill = np.mod((u + v) / 0.018, 1.0) < 0.5
    speckle = rng.random(u.shape, dtype=np.float32) - 0.5
    return _shade(colors, 0.9 + 0.12 * twill) + 24 * speckle[..., None]


def corduroy(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
    return _shade(colors, 0.72 + 0.28 * np.abs(np.sin(np.pi * u / 0.03)))


def leather(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
            rng: np.random.Generator) -> np.ndarray:
    # a soft highlight band, as on a glossy surface
    highlight = np.exp(-((0.8 * u + 0.6 * v - 0.25) / 0.09)**2)
    return colors * 0.85 + 90 * highlight[..., None].astype(np.float32)


def lace(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
         rng: np.random.Generator) -> np.ndarray:
    period = 0.03
    du = np.mod(u / period, 1.0) - 0.5
    dv = np.mod(v / period, 1.0) - 0.5
    return _lighten(colors, 0.45 * (np.hypot(du, dv) < 0.28))


def sequin(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
           rng: np.random.Generator) -> np.ndarray:
    sparkle = rng.random(u.shape, dtype=np.float32) > 0.93
    return _lighten(colors, 0.8 * sparkle)


def chiffon(colors: np.ndarray, u: np.ndarray, v: np.ndarray,
            rng: np.random.Generator) -> np.ndarray:
    return _lighten(colors, 0.15)


FABRICS: 'MappingProxyType[str, Fabric]' = MappingProxyType({
    'cotton': cotton,
    'knit': knit,
    'denim': denim,
    'corduroy': corduroy,
    'leather': leather,
    'lace': lace,
    'sequin': sequin,
    'chiffon': chiffon,
})
# How much of the background a fabric hides; see-through fabrics less.
OPACITY = MappingProxyType({'chiffon': 0.8})


def apply_fabric(name: str, colors: np.ndarray, u: np.ndarray, v: np.ndarray,
                 rng: np.random.Generator) -> Tuple[np.ndarray, float]:
    """Apply fabric ``name`` to printed ``colors``.

    Returns:
        tuple: the colours (float32, clipped to 0..255) and the opacity.
    """
    colors = FABRICS[name](colors, u, v, rng)
    return np.clip(colors, 0, 255), OPACITY.get(name, 1.0)
