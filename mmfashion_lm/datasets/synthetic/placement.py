"""Placing a group of garments in the image: size, rotation, position and,
when asked, truncation by the image border.

A group is garments laid out together in a shared frame (an outfit: a top
over the waistband of trousers); the whole group is scaled to fill a share
of its region, rotated about its centre and moved, so the garments keep
their arrangement.
"""
import math
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np

from .template import GarmentTemplate

Box = Tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


@dataclass
class GroupMember:
    """A garment's place in its group's frame.

    Attributes:
        template (GarmentTemplate): the garment's geometry.
        offset (np.ndarray): where its origin lies in the group frame.
        scale (float): its units in group units (lower garments are drawn
            in their own, longer units).
    """
    template: GarmentTemplate
    offset: np.ndarray
    scale: float = 1.0


def _similarity(scale: float, angle: float) -> np.ndarray:
    cos, sin = math.cos(angle), math.sin(angle)
    return scale * np.array([[cos, -sin], [sin, cos]])


def place_group(rng: np.random.Generator,
                members: Sequence[GroupMember],
                region: Box,
                image_size: Tuple[int, int],
                fill: Tuple[float, float] = (0.55, 0.85),
                max_angle: float = 30.0,
                truncate: bool = False) -> Tuple[List[np.ndarray], float]:
    """Choose the garment-to-pixel affine matrices of a group.

    Args:
        rng (np.random.Generator): the random source.
        members (sequence[GroupMember]): the group.
        region (tuple): ``(x0, y0, x1, y1)`` pixel box to place it in.
        image_size (tuple[int, int]): ``(width, height)``.
        fill (tuple[float, float]): range of the share of the region that
            the group's unrotated box fills, along its tighter side.
        max_angle (float): rotations (degrees) are drawn from a normal
            with sigma max_angle / 3, clipped to +-max_angle.
        truncate (bool): push the group over one image border, so that 10
            to 35 percent of its extent, and at most half of any member's,
            lies outside.

    Returns:
        tuple: one 2x3 matrix per member, and the rotation in degrees.
    """
    member_points = [
        np.concatenate(m.template.pieces) * m.scale + m.offset for m in members
    ]
    points = np.concatenate(member_points)
    low, high = points.min(0), points.max(0)
    center = (low + high) / 2
    x0, y0, x1, y1 = region
    size = high - low
    scale = rng.uniform(*fill) * min((x1 - x0) / size[0], (y1 - y0) / size[1])
    angle = float(np.clip(rng.normal(0, max_angle / 3), -max_angle, max_angle))
    linear = _similarity(scale, math.radians(angle))
    corners = (
        np.array([[low[0], low[1]], [high[0], low[1]], [high[0], high[1]],
                  [low[0], high[1]]]) - center)
    extent = np.abs(corners @ linear.T).max(0)  # half extents in pixels
    target = np.empty(2)
    for axis, (lo, hi) in enumerate(((x0, x1), (y0, y1))):
        room = (hi - lo) / 2 - extent[axis]
        middle = (lo + hi) / 2
        target[axis] = middle + (rng.uniform(-room, room) if room > 0 else 0)
    if truncate:
        axis, side = rng.integers(2), rng.choice((-1, 1))
        # at most half of any member goes out: no garment leaves the image
        smallest = min(np.ptp(p @ linear[axis], axis=0) for p in member_points)
        outside = min(
            rng.uniform(0.1, 0.35) * 2 * extent[axis], 0.5 * smallest)
        border = image_size[axis] if side > 0 else 0
        target[axis] = border - side * (extent[axis] - outside)
    matrices = []
    for member in members:
        shift = linear @ (member.offset - center) + target
        matrices.append(np.hstack([linear * member.scale, shift[:, None]]))
    return matrices, angle
