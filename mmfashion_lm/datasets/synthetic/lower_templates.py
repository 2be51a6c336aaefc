"""Geometry of shorts, trousers and skirts: a waistband and legs (or a
skirt), with the landmarks at their functional points.

DeepFashion2 contour, as in the real annotations: the left waistband
corner, the waistband centre, the right corner; then down the outer side of
the left leg to its hem, across the hem, up the inner side to the crotch
(for a skirt: down the left side to the left hem corner, then the hem
centre); and the mirror path up the right leg.
"""
from dataclasses import dataclass
from types import MappingProxyType
from typing import List

import numpy as np

from .spec import GarmentSpec
from .template import (GarmentTemplate, Segment, inner_fractions, mirror,
                       point, polyline_at, quadratic_curve, symmetric_contour)

# Points strictly inside the outer side line, the hem and the inner side
# line of each leg, per legged kind.
LEG_LAYOUT = MappingProxyType({'trousers': (2, 0, 1), 'shorts': (0, 1, 0)})

# (low, high) ranges of the sampled proportions, in garment units.
_LEG_LENGTH = MappingProxyType({
    ('trousers', None): (1.0, 1.1),
    ('trousers', 'capri'): (0.7, 0.78),
    ('shorts', None): (0.36, 0.44),
    ('shorts', 'bermuda'): (0.55, 0.62),
})
_LEG_HEM_HALF = MappingProxyType({
    'skinny': (0.04, 0.05),
    'straight-leg': (0.06, 0.075),
    'wide-leg': (0.1, 0.13),
    None: (0.085, 0.11),  # shorts
})
_SKIRT_LENGTH = MappingProxyType({
    'mini': (0.36, 0.42),
    'midi': (0.62, 0.7),
    'maxi': (0.9, 1.0)
})
# Growth of an a-line skirt's half width per unit of length below the hip.
_SKIRT_FLARE = (0.35, 0.5)


@dataclass
class _Bottom:
    """What lies below the waistband: two legs or a skirt.

    Attributes:
        side (np.ndarray): left-side contour points, in contour order.
        center (np.ndarray): the contour point between the two sides (the
            crotch, or the centre of a skirt's hem).
        outline (np.ndarray): the whole garment's polygon.
        hem_point (np.ndarray): the left DeepFashion hem landmark.
        cuffs, hems, sides, center_line, seams: as in
            :class:`GarmentTemplate`.
    """
    side: np.ndarray
    center: np.ndarray
    outline: np.ndarray
    hem_point: np.ndarray
    cuffs: List[Segment]
    hems: List[np.ndarray]
    sides: List[Segment]
    center_line: Segment
    seams: List[np.ndarray]


def _legs(spec: GarmentSpec, rng: np.random.Generator, waist: np.ndarray,
          hip: np.ndarray, band: float) -> _Bottom:
    """Trousers' or shorts' legs."""
    shorts = spec.kind == 'shorts'
    crotch_y = rng.uniform(0.24, 0.28) if shorts else rng.uniform(0.28, 0.33)
    crotch = point(0, crotch_y)
    length = rng.uniform(*_LEG_LENGTH[spec.kind, spec.length])
    hem_half = rng.uniform(*_LEG_HEM_HALF[spec.silhouette])
    if shorts:
        # wide legs hanging from the hips
        center = -hip[0] - hem_half + rng.uniform(0, 0.02)
    else:
        center = rng.uniform(0.1, 0.14)
    # the legs stay apart at the hem
    center = max(center, hem_half + 0.015)
    outer = point(-(center + hem_half), length)
    inner = point(-(center - hem_half), length)
    num_outer, num_hem, num_inner = LEG_LAYOUT[spec.kind]
    side = np.concatenate([
        polyline_at([waist, hip, outer], inner_fractions(num_outer)),
        outer[None],
        polyline_at([outer, inner], inner_fractions(num_hem)), inner[None],
        polyline_at([inner, crotch], inner_fractions(num_inner))
    ])
    left = np.stack([waist, hip, outer, inner])
    hem = np.stack([outer, inner])
    return _Bottom(
        side=side,
        center=crotch,
        outline=np.concatenate([left, crotch[None],
                                mirror(left)[::-1]]),
        hem_point=(outer + inner) / 2,
        cuffs=[(outer, inner), (mirror(outer), mirror(inner))],
        hems=[hem, mirror(hem)],
        sides=[(waist, outer), (mirror(waist), mirror(outer))],
        # a fly from the waistband most of the way to the crotch
        center_line=(point(0, band), point(0, 0.8 * crotch_y)),
        seams=[
            np.array([[0.02, band], [0.02, 0.7 * crotch_y],
                      [0, 0.8 * crotch_y]])
        ])


def _skirt(spec: GarmentSpec, rng: np.random.Generator, waist: np.ndarray,
           hip: np.ndarray, band: float) -> _Bottom:
    """A skirt, flared (a-line) or straight (pencil)."""
    length = rng.uniform(*_SKIRT_LENGTH[spec.length])
    if spec.silhouette == 'a-line':
        hem_half = -hip[0] + (length - hip[1]) * rng.uniform(*_SKIRT_FLARE)
    else:
        hem_half = -hip[0] * rng.uniform(0.95, 1.02)
    dip = rng.uniform(0.01, 0.025)
    hem = point(-hem_half, length)
    hem_line = quadratic_curve(hem, point(0, length + 2 * dip), mirror(hem), 9)
    return _Bottom(
        side=np.concatenate([polyline_at([waist, hip, hem], [0.5]),
                             hem[None]]),
        center=point(0, length + dip),
        outline=np.concatenate([
            np.stack([waist, hip]), hem_line,
            np.stack([mirror(hip), mirror(waist)])
        ]),
        hem_point=hem,
        cuffs=[],
        hems=[hem_line],
        sides=[(waist, hem), (mirror(waist), mirror(hem))],
        center_line=(point(0, band), point(0, length + dip)),
        seams=[])


def build_lower_template(spec: GarmentSpec,
                         rng: np.random.Generator) -> GarmentTemplate:
    """Draw the geometry of a lower-body garment.

    Args:
        spec (GarmentSpec): a lower kind (shorts, trousers, skirt).
        rng (np.random.Generator): jitters the proportions.
    """
    waist_half = rng.uniform(0.17, 0.21)
    band = rng.uniform(0.04, 0.06)  # waistband height
    hip = point(-waist_half * rng.uniform(1.08, 1.15), rng.uniform(0.15, 0.22))
    waist = point(-waist_half, 0)

    def half_width(y: float) -> float:
        """Half width of the tapering sides between waist and hip."""
        return waist_half + (-hip[0] - waist_half) * y / hip[1]

    build = _skirt if spec.kind == 'skirt' else _legs
    bottom = build(spec, rng, waist, hip, band)
    contour = symmetric_contour([waist, point(0, 0),
                                 mirror(waist)], bottom.side, bottom.center)
    # in FLD_LANDMARKS order; no collars or sleeves
    fld = np.concatenate([
        np.full((4, 2), np.nan),
        np.stack(
            [waist,
             mirror(waist), bottom.hem_point,
             mirror(bottom.hem_point)])
    ])
    band_seam = np.array([[-half_width(band), band], [half_width(band), band]])
    belt = point(-half_width(band / 2), band / 2)
    pocket = point(hip[0] * 0.55, hip[1] * 0.9)
    return GarmentTemplate(
        pieces=[bottom.outline],
        inner=[],
        seams=[band_seam] + bottom.seams,
        contour=contour,
        fld=fld,
        center_line=bottom.center_line,
        waist=(belt, mirror(belt)),
        cuffs=bottom.cuffs,
        hems=bottom.hems,
        sides=bottom.sides,
        emblem=point(hip[0] * 0.5, hip[1] + 0.08),
        pockets=[pocket, mirror(pocket)],
        width=-hip[0])
