"""A garment's geometry in its own frame, and the curve helpers that build it.

The garment frame is a front view: x grows to the image right, y grows
down, the garment is centred on x = 0 and its top (neck or waistband) is at
y = 0. One unit is roughly the neck-to-hem length of a regular top, or the
waist-to-ankle length of trousers (a scene scales lower garments to match
tops when it dresses an outfit).

Left/right follow DeepFashion's annotations: a landmark called *left* is on
the side that appears on the image left in a front view (x < 0 here), which
is the wearer's right. The real FLD front views agree (their "left collar"
has the smaller x). The DeepFashion2 contour starts on that same side.
"""
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np

# Order of the DeepFashion / FLD landmarks (the full-body layout).
from ..metainfo.deepfashion import LANDMARKS as FLD_LANDMARKS  # noqa: F401

Segment = Tuple[np.ndarray, np.ndarray]


@dataclass
class GarmentTemplate:
    """A garment's shape, landmarks and the anchors its details hang on.

    Attributes:
        pieces (list[np.ndarray]): filled polygons, (N, 2) each, drawn in
            order; their union is the garment.
        inner (list[np.ndarray]): polygons inside the garment that show its
            inside (the back of a neckline), drawn in a darker shade.
        seams (list[np.ndarray]): open polylines drawn as seams.
        contour (np.ndarray): (K, 2) DeepFashion2 landmarks, in the
            category's order.
        fld (np.ndarray): (8, 2) DeepFashion landmarks in
            :data:`FLD_LANDMARKS` order; NaN rows for slots the clothes type
            lacks.
        center_line (Segment): top and bottom of the front centre line
            (plackets, zips).
        waist (Segment): left and right ends of the waist (belts).
        cuffs (list[Segment]): sleeve ends or leg hems, outer point first.
        hems (list[np.ndarray]): bottom edges as polylines (trims).
        sides (list[Segment]): outer lines of sleeves or legs (sport stripes).
        emblem (np.ndarray): where a logo goes.
        pockets (list[np.ndarray]): pocket centres.
        width (float): half width of the garment body, to size details.
    """
    pieces: List[np.ndarray]
    inner: List[np.ndarray]
    seams: List[np.ndarray]
    contour: np.ndarray
    fld: np.ndarray
    center_line: Segment
    waist: Segment
    cuffs: List[Segment]
    hems: List[np.ndarray]
    sides: List[Segment]
    emblem: np.ndarray
    pockets: List[np.ndarray]
    width: float


def point(x: float, y: float) -> np.ndarray:
    """A point of the garment frame."""
    return np.array([x, y], dtype=np.float64)


def mirror(points: np.ndarray) -> np.ndarray:
    """Reflect points (..., 2) across the centre line x = 0."""
    return points * np.array([-1.0, 1.0])


def polyline_at(polyline: Sequence[np.ndarray],
                fractions: Sequence[float]) -> np.ndarray:
    """Points at ``fractions`` of the arc length along ``polyline``.

    Args:
        polyline (sequence[np.ndarray]): vertices, (2,) each.
        fractions (sequence[float]): in [0, 1].

    Returns:
        np.ndarray: (len(fractions), 2).
    """
    vertices = np.asarray(polyline, dtype=np.float64)
    lengths = np.linalg.norm(np.diff(vertices, axis=0), axis=1)
    cumulative = np.concatenate([[0.0], np.cumsum(lengths)])
    targets = np.asarray(fractions, dtype=np.float64) * cumulative[-1]
    xs = np.interp(targets, cumulative, vertices[:, 0])
    ys = np.interp(targets, cumulative, vertices[:, 1])
    return np.stack([xs, ys], axis=-1).reshape(-1, 2)


def inner_fractions(count: int) -> np.ndarray:
    """``count`` evenly spaced fractions strictly between 0 and 1."""
    return np.arange(1, count + 1) / (count + 1)


def quadratic_curve(start: np.ndarray,
                    control: np.ndarray,
                    end: np.ndarray,
                    num: int = 8) -> np.ndarray:
    """A quadratic Bezier curve from ``start`` to ``end``, (num, 2)."""
    t = np.linspace(0.0, 1.0, num)[:, None]
    return (1 - t)**2 * start + 2 * (1 - t) * t * control + t**2 * end


def symmetric_contour(head: Sequence[np.ndarray], side: np.ndarray,
                      center: np.ndarray) -> np.ndarray:
    """A DeepFashion2 contour: the ``head`` points (neckline or waistband),
    then down the left ``side``, the bottom ``center``, and back up the
    mirrored right side.

    Args:
        head (sequence[np.ndarray]): the leading points, (2,) each.
        side (np.ndarray): (S, 2) left-side points, from top to bottom.
        center (np.ndarray): (2,) the point on the centre line between sides.
    """
    return np.concatenate([
        np.asarray(head).reshape(-1, 2), side, center[None],
        mirror(side)[::-1]
    ])
