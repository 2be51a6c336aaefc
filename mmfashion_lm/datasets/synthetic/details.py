"""Drawn details: the part attributes (group 4) that are not silhouettes
(plackets, zips, pockets, belts, cuffs, collars, drawstrings) and the style
marks (group 5: emblems, sport stripes, varsity trims).

Each is drawn from the anchors its template provides, in garment units,
so it moves with the garment. Hoods and turtle-necks change the outline and
are pieces of the template instead.
"""
import math
from typing import Callable, Dict

import numpy as np

from .colors import scale_color
from .drawing import GarmentPen
from .spec import GarmentSpec
from .template import GarmentTemplate, Segment, mirror

_METAL = (190, 190, 185)


def _along(start: np.ndarray, end: np.ndarray, step: float,
           margin: float) -> np.ndarray:
    """Points every ``step`` along a segment, ``margin`` from its ends."""
    length = float(np.linalg.norm(end - start))
    count = max(1, int((length - 2 * margin) / step) + 1)
    t = (margin + step * np.arange(count)) / length
    return start + t[:, None] * (end - start)


def _toward_garment(segment: Segment, template: GarmentTemplate) -> np.ndarray:
    """Unit normal of ``segment`` pointing into the garment."""
    a, b = segment
    direction = (b - a) / np.linalg.norm(b - a)
    normal = np.array([-direction[1], direction[0]])
    centre = np.mean(np.concatenate(template.pieces), axis=0)
    return normal if np.dot(centre - (a + b) / 2, normal) > 0 else -normal


def button_front(pen: GarmentPen, spec: GarmentSpec,
                 template: GarmentTemplate) -> None:
    top, bottom = template.center_line
    pen.stroke([np.stack([top, bottom])], scale_color(spec.base_color, 0.6))
    for button in _along(top, bottom, 0.09, 0.04):
        pen.dot(button, 0.012, scale_color(spec.accent_color, 0.9))


def double_breasted(pen: GarmentPen, spec: GarmentSpec,
                    template: GarmentTemplate) -> None:
    top, bottom = template.center_line
    for side in (-1, 1):
        offset = np.array([side * 0.06, 0.0])
        for button in _along(top, bottom, 0.12, 0.08)[:4]:
            pen.dot(button + offset, 0.014,
                    scale_color(spec.accent_color, 0.9))


def zip_front(pen: GarmentPen, spec: GarmentSpec,
              template: GarmentTemplate) -> None:
    top, bottom = template.center_line
    pen.stroke([np.stack([top, bottom])], _METAL, 0.008)
    pull = top + np.array([0.0, 0.04])
    pen.fill([
        pull +
        np.array([[-0.01, -0.02], [0.01, -0.02], [0.01, 0.02], [-0.01, 0.02]])
    ], _METAL)


def pocket(pen: GarmentPen, spec: GarmentSpec,
           template: GarmentTemplate) -> None:
    edge = scale_color(spec.base_color, 0.55)
    for centre in template.pockets:
        if spec.garment_kind.body_part == 'lower':
            # a slanted hip pocket opening, slanting towards the side
            slash = np.array([[-0.04, -0.05], [0.03, 0.04]])
            pen.stroke([centre + (slash if centre[0] < 0 else mirror(slash))],
                       edge)
        else:
            patch = centre + np.array([[-0.05, -0.045], [0.05, -0.045],
                                       [0.05, 0.05], [-0.05, 0.05]])
            pen.stroke([patch], edge, closed=True)


def belted(pen: GarmentPen, spec: GarmentSpec,
           template: GarmentTemplate) -> None:
    left, right = template.waist
    half = np.array([0.0, 0.022])
    band = np.stack([left - half, right - half, right + half, left + half])
    pen.fill([band], scale_color(spec.accent_color, 0.5))
    centre = (left + right) / 2
    buckle = centre + np.array([[-0.03, -0.03], [0.03, -0.03], [0.03, 0.03],
                                [-0.03, 0.03]])
    pen.stroke([buckle], _METAL, 0.01, closed=True)


def drawstring(pen: GarmentPen, spec: GarmentSpec,
               template: GarmentTemplate) -> None:
    top = template.center_line[0]
    for side in (-1, 1):
        start = top + np.array([side * 0.025, 0.01])
        end = start + np.array([side * 0.01, 0.12])
        pen.stroke([np.stack([start, end])],
                   scale_color(spec.accent_color, 0.9), 0.006)
        pen.dot(end, 0.008, scale_color(spec.accent_color, 0.7))


def cuffed(pen: GarmentPen, spec: GarmentSpec,
           template: GarmentTemplate) -> None:
    color = scale_color(spec.base_color, 0.8)
    for outer, inner in template.cuffs:
        depth = 0.05 * _toward_garment((outer, inner), template)
        band = np.stack([outer, inner, inner + depth, outer + depth])
        pen.fill([band], color)
        pen.stroke([band], scale_color(spec.base_color, 0.5), closed=True)


def collared(pen: GarmentPen, spec: GarmentSpec,
             template: GarmentTemplate) -> None:
    neck, front = template.fld[0], template.center_line[0]
    flap = np.stack(
        [neck, front + np.array([-0.01, 0.04]), neck + np.array([-0.03, 0.1])])
    flaps = [flap, mirror(flap)]
    pen.fill(flaps, scale_color(spec.base_color, 1.15))
    pen.stroke(flaps, scale_color(spec.base_color, 0.5), closed=True)


def notched_collar(pen: GarmentPen, spec: GarmentSpec,
                   template: GarmentTemplate) -> None:
    neck, front = template.fld[0], template.center_line[0]
    lapel = np.stack([
        neck, front,
        np.array([neck[0] - 0.05, 0.6 * front[1]]),
        neck + np.array([-0.02, 0.05])
    ])
    lapels = [lapel, mirror(lapel)]
    pen.fill(lapels, scale_color(spec.base_color, 0.85))
    pen.stroke(lapels, scale_color(spec.base_color, 0.45), closed=True)


def logo(pen: GarmentPen, spec: GarmentSpec,
         template: GarmentTemplate) -> None:
    pen.dot(template.emblem, 0.035, spec.accent_color)
    pen.dot(template.emblem, 0.018, spec.base_color)


def star(pen: GarmentPen, spec: GarmentSpec,
         template: GarmentTemplate) -> None:
    angles = -math.pi / 2 + np.arange(10) * math.pi / 5
    radii = np.where(np.arange(10) % 2 == 0, 0.045, 0.018)
    outline = template.emblem + np.stack(
        [radii * np.cos(angles), radii * np.sin(angles)], axis=1)
    pen.fill([outline], spec.accent_color)


def athletic(pen: GarmentPen, spec: GarmentSpec,
             template: GarmentTemplate) -> None:
    """Two sport stripes along each sleeve or leg side."""
    for start, end in template.sides:
        normal = _toward_garment((start, end), template)
        for offset in (0.015, 0.04):
            shift = offset * normal
            pen.stroke([np.stack([start + shift, end + shift])],
                       spec.accent_color, 0.01)


def varsity(pen: GarmentPen, spec: GarmentSpec,
            template: GarmentTemplate) -> None:
    """Contrast trims on hems and cuffs."""
    trims = list(template.hems) + [np.stack(c) for c in template.cuffs]
    pen.stroke(trims, spec.accent_color, 0.025)


DetailPainter = Callable[[GarmentPen, GarmentSpec, GarmentTemplate], None]
# Drawn in this order; later ones lie on top.
DETAIL_PAINTERS: Dict[str, DetailPainter] = {
    'pocket': pocket,
    'cuffed': cuffed,
    'collared': collared,
    'notched collar': notched_collar,
    'button-front': button_front,
    'double-breasted': double_breasted,
    'zip-front': zip_front,
    'belted': belted,
    'drawstring': drawstring,
}
MARK_PAINTERS: Dict[str, DetailPainter] = {
    'logo': logo,
    'star': star,
    'athletic': athletic,
    'varsity': varsity,
}


def paint_details(pen: GarmentPen, spec: GarmentSpec,
                  template: GarmentTemplate) -> None:
    """Draw the garment's details and marks over its body.

    Args:
        pen (GarmentPen): draws in the garment's frame.
        spec (GarmentSpec): which details and marks to draw.
        template (GarmentTemplate): where they go.
    """
    for name, painter in DETAIL_PAINTERS.items():
        if name in spec.details:
            painter(pen, spec, template)
    for name, painter in MARK_PAINTERS.items():
        if name in spec.marks:
            painter(pen, spec, template)
