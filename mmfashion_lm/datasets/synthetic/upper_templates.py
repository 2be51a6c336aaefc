"""Geometry of tops, outerwear and dresses: a torso with neckline, sleeves
(or straps) and a hem, with the landmarks at their functional points.

DeepFashion2 contour, as in the real annotations: the back-neck centre, the
left neck corner, the left neckline midpoint, the front-neck centre, then
the right neckline midpoint and corner; then from the left shoulder down the
outer sleeve line to the cuff, back up the inner sleeve line to the armpit,
down the side seam to the left hem corner; the hem centre; and the mirror
path up the right side. Outerwear adds three points down each edge of the
front opening. How many points fall on each stretch is set per category so
the totals are the categories' real counts.
"""
import math
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from .spec import GarmentSpec
from .template import (GarmentTemplate, inner_fractions, mirror, point,
                       polyline_at, quadratic_curve, symmetric_contour)

# Points strictly inside the outer sleeve line, inside the inner sleeve line
# and on the side seam below the armpit, per kind.
CONTOUR_LAYOUT = MappingProxyType({
    'short_sleeve_top': (1, 0, 3),
    'long_sleeve_top': (3, 2, 3),
    'short_sleeve_outwear': (1, 0, 3),
    'long_sleeve_outwear': (3, 2, 3),
    'vest': (0, 0, 1),
    'sling': (0, 0, 1),
    'short_sleeve_dress': (1, 0, 5),
    'long_sleeve_dress': (3, 2, 5),
    'vest_dress': (0, 0, 3),
    'sling_dress': (0, 0, 3),
})
# Where down the front opening of outerwear its edge points sit, and how far
# each edge is from the centre line.
_OPENING_FRACTIONS = (0.25, 0.5, 0.75)
_OPENING_GAP = 0.012

# (low, high) ranges of the sampled proportions, in garment units.
_NECK_DEPTH = MappingProxyType({
    'crew neck': (0.05, 0.07),
    'scoop': (0.11, 0.15),
    'v-neck': (0.16, 0.22),
    'turtle-neck': (0.03, 0.04),  # the base of the tube collar
})
_TOP_HEM = MappingProxyType({
    None: (0.92, 1.0),
    'cropped': (0.62, 0.7),
    'longline': (1.15, 1.25)
})
_DRESS_HEM = MappingProxyType({
    'mini': (1.25, 1.35),
    'midi': (1.6, 1.75),
    'maxi': (1.95, 2.1)
})
# Growth of a skirt's half width per unit of length below the waist.
_DRESS_FLARE = MappingProxyType({
    'a-line': (0.25, 0.35),
    'bodycon': (0.02, 0.05),
    'shift': (0.08, 0.12),
    'skater': (0.45, 0.6),
})
# Sleeve (angle from vertical in degrees, length, cuff width).
_SLEEVE = MappingProxyType({
    'short': ((45, 65), (0.18, 0.24), (0.13, 0.16)),
    'long': ((14, 26), (0.62, 0.72), (0.09, 0.11)),
})


def _neckline(spec: GarmentSpec, neck_half: float, depth: float) -> np.ndarray:
    """The front neckline from the left neck corner to the right one."""
    left, right = point(-neck_half, 0), point(neck_half, 0)
    if spec.neckline == 'v-neck':
        return np.stack([left, point(0, depth), right])
    # a parabola through the corners with its vertex at the front centre
    return quadratic_curve(left, point(0, 2 * depth), right, 13)


def _hood(neck_half: float) -> tuple:
    """A hood lying behind the neck: its outline and its face opening."""
    angles = np.linspace(math.radians(200), math.radians(-20), 15)
    outline = np.stack(
        [1.75 * neck_half * np.cos(angles), -0.06 - 0.24 * np.sin(angles)],
        axis=1)
    opening = np.stack(
        [1.05 * neck_half * np.cos(angles), -0.05 - 0.16 * np.sin(angles)],
        axis=1)
    return outline, opening


def _turtle_collar(neckline: np.ndarray, neck_half: float) -> tuple:
    """A tube collar standing in the neckline, and its top opening."""
    top = np.array([[0.8, -0.09], [-0.8, -0.09]]) * np.array([neck_half, 1])
    angles = np.linspace(0, 2 * math.pi, 16, endpoint=False)
    opening = np.stack(
        [0.8 * neck_half * np.cos(angles), -0.09 + 0.02 * np.sin(angles)],
        axis=1)
    return np.concatenate([neckline, top]), opening


@dataclass
class _Proportions:
    """Sampled sizes of a top or dress, in garment units (half widths are
    from the centre line, heights from the neck)."""
    neck_half: float
    neck_depth: float
    back_depth: float
    shoulder_half: float
    shoulder_drop: float
    chest_half: float
    armpit_y: float
    waist_half: float
    waist_y: float
    hem_half: float
    hem_y: float
    hem_dip: float  # how far the hem centre hangs below its corners


def _sample_proportions(spec: GarmentSpec,
                        rng: np.random.Generator) -> _Proportions:
    kind = spec.garment_kind
    sleeved = kind.sleeve != 'none'
    boxy = spec.silhouette in ('boxy', 'shift')
    uniform = rng.uniform
    neck_half = uniform(0.09, 0.12)
    chest_half = uniform(0.33, 0.36) if boxy else uniform(0.29, 0.32)
    if sleeved:
        shoulder_half = chest_half + uniform(-0.02, 0.02)
    elif kind.has_straps:
        shoulder_half = neck_half + uniform(0.025, 0.04)  # a thin strap
    else:
        shoulder_half = neck_half + uniform(0.08, 0.11)
    # sleeveless garments have deeper armholes
    armpit_y = uniform(0.26, 0.3) if sleeved else uniform(0.3, 0.36)
    if kind.body_part == 'full':
        waist_y = armpit_y + uniform(0.2, 0.26)
        waist_half = chest_half * (
            uniform(0.95, 1.0) if boxy else uniform(0.8, 0.88))
        hem_y = uniform(*_DRESS_HEM[spec.length])
        hem_half = waist_half + (hem_y - waist_y) * uniform(
            *_DRESS_FLARE[spec.silhouette])
        hem_dip = uniform(0.02, 0.04)
    else:
        hem_y = uniform(*_TOP_HEM[spec.length])
        waist_y = min(armpit_y + uniform(0.25, 0.3), hem_y - 0.06)
        waist_half = chest_half * (
            uniform(0.97, 1.0) if boxy else uniform(0.86, 0.92))
        hem_half = waist_half * (
            uniform(1.0, 1.04) if boxy else uniform(1.02, 1.08))
        hem_dip = uniform(0.01, 0.02)
    return _Proportions(
        neck_half=neck_half,
        neck_depth=uniform(*_NECK_DEPTH[spec.neckline]),
        back_depth=uniform(0.015, 0.03),
        shoulder_half=shoulder_half,
        shoulder_drop=uniform(0.045, 0.065),
        chest_half=chest_half,
        armpit_y=armpit_y,
        waist_half=waist_half,
        waist_y=waist_y,
        hem_half=hem_half,
        hem_y=hem_y,
        hem_dip=hem_dip)


def _sleeve(sleeve: str, shoulder: np.ndarray, armpit: np.ndarray,
            rng: np.random.Generator) -> np.ndarray:
    """The left sleeve: shoulder, outer and inner cuff corners, armpit."""
    (angle_lo, angle_hi), length, cuff = _SLEEVE[sleeve]
    angle = math.radians(rng.uniform(angle_lo, angle_hi))
    down = np.array([-math.sin(angle), math.cos(angle)])
    across = np.array([math.cos(angle), math.sin(angle)])
    cuff_outer = shoulder + rng.uniform(*length) * down
    cuff_inner = cuff_outer + rng.uniform(*cuff) * across
    return np.stack([shoulder, cuff_outer, cuff_inner, armpit])


def build_upper_template(spec: GarmentSpec,
                         rng: np.random.Generator) -> GarmentTemplate:
    """Draw the geometry of an upper-body or full-body garment.

    Args:
        spec (GarmentSpec): an upper or full kind.
        rng (np.random.Generator): jitters the proportions.
    """
    kind = spec.garment_kind
    full = kind.body_part == 'full'
    size = _sample_proportions(spec, rng)
    neck = point(-size.neck_half, 0)
    front = point(0, size.neck_depth)
    back = point(0, size.back_depth)
    shoulder = point(-size.shoulder_half, size.shoulder_drop)
    armpit = point(-size.chest_half, size.armpit_y)
    waist = point(-size.waist_half, size.waist_y)
    hem = point(-size.hem_half, size.hem_y)
    hem_center = point(0, size.hem_y + size.hem_dip)
    neckline = _neckline(spec, size.neck_half, size.neck_depth)
    # halfway along the drawn neckline from the left corner to the centre
    neck_mid = polyline_at(neckline[:len(neckline) // 2 + 1], [0.5])[0]
    hem_line = quadratic_curve(hem, point(0, size.hem_y + 2 * size.hem_dip),
                               mirror(hem), 9)
    back_line = quadratic_curve(
        mirror(neck), point(0, 2 * size.back_depth), neck, 9)

    num_outer, num_inner, num_side = CONTOUR_LAYOUT[kind.name]
    pieces, inner, seams = [], [], []
    if kind.sleeve != 'none':
        sleeve = _sleeve(kind.sleeve, shoulder, armpit, rng)
        _, cuff_outer, cuff_inner, _ = sleeve
        # down the outer sleeve line, across the cuff, up the inner line
        sleeve_line = np.concatenate([
            polyline_at(sleeve[:2], inner_fractions(num_outer)), sleeve[1:3],
            polyline_at(sleeve[2:], inner_fractions(num_inner))
        ])
        sleeve_point = (cuff_outer + cuff_inner) / 2
        armhole = sleeve[[0, 3]]
        seams += [armhole, mirror(armhole)]
        cuffs = [(cuff_outer, cuff_inner),
                 (mirror(cuff_outer), mirror(cuff_inner))]
        sides = [(shoulder, cuff_outer),
                 (mirror(shoulder), mirror(cuff_outer))]
    else:
        # a concave armhole: straight down from the strap, then out
        armhole = quadratic_curve(shoulder, point(shoulder[0], armpit[1]),
                                  armpit)
        sleeve_line = np.zeros((0, 2))
        sleeve_point = polyline_at(armhole, [0.5])[0]
        cuffs = []
        sides = [(armpit, hem), (mirror(armpit), mirror(hem))]
    left_side = np.concatenate([
        shoulder[None], sleeve_line, armpit[None],
        polyline_at([armpit, waist, hem], inner_fractions(num_side)), hem[None]
    ])
    contour = symmetric_contour(
        [back, neck, neck_mid, front,
         mirror(neck_mid),
         mirror(neck)], left_side, hem_center)
    if kind.is_outerwear:
        edge_y = front[1] + np.array(_OPENING_FRACTIONS) * (
            hem_center[1] - front[1])
        contour = np.concatenate([
            contour,
            np.stack([np.full(3, -_OPENING_GAP), edge_y], axis=1),
            np.stack([np.full(3, _OPENING_GAP), edge_y], axis=1)
        ])
        seams.append(np.stack([front, hem_center]))

    left_top = armhole[:-1]  # the shoulder (and armhole curve) above armpit
    body = np.concatenate([
        neck[None], left_top, armpit[None], waist[None], hem_line,
        mirror(waist)[None],
        mirror(armpit)[None],
        mirror(left_top)[::-1], back_line[:-1]
    ])
    if 'hooded' in spec.details:
        hood, opening = _hood(size.neck_half)
        pieces.append(hood)
        inner.append(opening)
    pieces.append(body)
    if kind.sleeve != 'none':
        pieces += [sleeve, mirror(sleeve)]
    if spec.neckline == 'turtle-neck':
        tube, opening = _turtle_collar(neckline, size.neck_half)
        pieces.append(tube)
        inner.append(opening)
    else:
        inner.append(np.concatenate([neckline, back_line[1:-1]]))
    if full:
        seams.append(np.stack([waist, mirror(waist)]))

    nan = np.full(2, np.nan)
    # in FLD_LANDMARKS order; tops have no waistline landmarks
    fld = np.stack([
        neck,
        mirror(neck), sleeve_point,
        mirror(sleeve_point), waist if full else nan,
        mirror(waist) if full else nan, hem,
        mirror(hem)
    ])
    if kind.is_outerwear:
        pocket = point(-size.hem_half * 0.55, size.hem_y - 0.15)
    elif full:
        pocket = point(-size.waist_half * 0.6, size.waist_y + 0.15)
    else:
        pocket = point(-size.chest_half * 0.5, size.armpit_y + 0.1)
    return GarmentTemplate(
        pieces=pieces,
        inner=inner,
        seams=seams,
        contour=contour,
        fld=fld,
        center_line=(front, hem_center),
        waist=(waist, mirror(waist)),
        cuffs=cuffs,
        hems=[hem_line],
        sides=sides,
        # on the wearer's left chest, which is the image right
        emblem=point(size.chest_half * 0.45, size.armpit_y + 0.08),
        # a chest pocket on tops, a pair lower down on the others
        pockets=[pocket] if kind.body_part == 'upper' and not kind.is_outerwear
        else [pocket, mirror(pocket)],
        width=size.chest_half)
