"""Printed textures (attribute group 1), as colour fields over garment
coordinates.

Each texture maps the garment-frame coordinates ``u, v`` of a block of
pixels to colours, so prints follow the garment when it is rotated or
scaled. Per-cell randomness (the jitter of flowers and spots) comes from an
integer hash of the cell index: the same garment prints the same way
wherever it is drawn, with no per-pixel Python loop.
"""
from types import MappingProxyType
from typing import Callable, Tuple

import numpy as np

from .spec import GarmentSpec

Texture = Callable[[np.ndarray, np.ndarray, GarmentSpec], np.ndarray]


def _cells(coord: np.ndarray, period: float) -> Tuple[np.ndarray, np.ndarray]:
    """Cell index and position within the cell, in [-0.5, 0.5)."""
    scaled = coord / period
    index = np.floor(scaled)
    return index.astype(np.int64), scaled - index - 0.5


def _hash(iu: np.ndarray, iv: np.ndarray, salt: int) -> np.ndarray:
    """Uniform [0, 1) values per integer cell (wrapping int64 arithmetic)."""
    h = (iu * 73856093) ^ (iv * 19349663) ^ salt
    h = (h * 2654435761) & 0xFFFFFFFF
    return h.astype(np.float64) / 2.0**32


def _mix(spec: GarmentSpec, weight: np.ndarray, accent=None) -> np.ndarray:
    """Blend base and accent colours by ``weight`` in [0, 1], (h, w, 3)."""
    base = np.asarray(spec.base_color, dtype=np.float32)
    accent = np.asarray(
        spec.accent_color if accent is None else accent, dtype=np.float32)
    return base + weight[..., None].astype(np.float32) * (accent - base)


def solid(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    return _mix(spec, np.zeros_like(u))


def striped(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    across = u if spec.pattern_vertical else v
    _, local = _cells(across, spec.pattern_period)
    return _mix(spec, local < -0.05)


def dotted(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    period = spec.pattern_period * 0.8
    row, local_v = _cells(v, period)
    # every other row shifted by half a period
    _, local_u = _cells(u + 0.5 * period * (row % 2), period)
    return _mix(spec, np.hypot(local_u, local_v) < 0.22)


def floral(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    period = spec.pattern_period * 1.3
    iu, local_u = _cells(u, period)
    iv, local_v = _cells(v, period)
    du = local_u - 0.3 * (_hash(iu, iv, 1) - 0.5)
    dv = local_v - 0.3 * (_hash(iu, iv, 2) - 0.5)
    radius = np.hypot(du, dv)
    turn = 2 * np.pi * _hash(iu, iv, 3)
    petal = radius < 0.3 * (0.6 + 0.4 * np.cos(5 * np.arctan2(dv, du) + turn))
    colors = _mix(spec, petal)
    heart = np.clip(np.asarray(spec.accent_color) * 0.4 + 150, 0, 255)
    colors[radius < 0.07] = heart
    return colors


def checked(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    _, local_u = _cells(u, spec.pattern_period)
    _, local_v = _cells(v, spec.pattern_period)
    # gingham: crossings of the two stripe sets are darkest
    return _mix(spec, 0.5 * (local_u < 0) + 0.5 * (local_v < 0))


def zigzag(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    period = spec.pattern_period
    _, along = _cells(u, period)
    _, local = _cells(v + period * np.abs(along), period)
    return _mix(spec, local < -0.1)


def colorblock(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    # two blocks: left/right halves or top/bottom
    return _mix(spec, u > 0 if spec.pattern_vertical else v > 0.45)


def leopard(u: np.ndarray, v: np.ndarray, spec: GarmentSpec) -> np.ndarray:
    period = spec.pattern_period
    iu, local_u = _cells(u, period)
    iv, local_v = _cells(v, period)
    du = (local_u - 0.3 *
          (_hash(iu, iv, 4) - 0.5)) * (0.8 + 0.4 * _hash(iu, iv, 5))
    dv = local_v - 0.3 * (_hash(iu, iv, 6) - 0.5)
    radius = np.hypot(du, dv)
    # a dark ring around a lighter spot
    weight = np.where(radius < 0.16, 0.35, 0.0)
    weight[(radius >= 0.16) & (radius < 0.27)] = 1.0
    return _mix(spec, weight)


TEXTURES: 'MappingProxyType[str, Texture]' = MappingProxyType({
    'solid':
    solid,
    'striped':
    striped,
    'dotted':
    dotted,
    'floral':
    floral,
    'checked':
    checked,
    'zigzag':
    zigzag,
    'colorblock':
    colorblock,
    'leopard':
    leopard,
})
