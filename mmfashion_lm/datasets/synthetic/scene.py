"""Scene composition: which garments an image shows, how they are grouped
and placed, then background, garments and occluders painted in order and
every garment annotated from the final picture."""
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np

from .annotation import GarmentAnnotation, annotate_garment
from .background import draw_background
from .catalog import KINDS_BY_BODY_PART
from .drawing import transform
from .garment import Garment, make_garment
from .occluders import draw_occluders
from .painter import paint_garment
from .placement import GroupMember, place_group
from .spec import GarmentSpec

# Share of single-garment images per body part (FLD has about half upper).
BODY_PART_SHARES = (('upper', 0.45), ('lower', 0.25), ('full', 0.3))
# Lower garments are drawn in their own units (waist to hem); this many
# of them make one upper-garment unit, so a waist fits under a top.
_LOWER_IN_UPPER_UNITS = 1.35


@dataclass
class Scene:
    """A rendered image and its garments.

    Attributes:
        image (np.ndarray): (H, W, 3) uint8 BGR.
        garments (list[GarmentAnnotation]): in drawing order.
        angle (float): rotation of the main garment group, in degrees.
        featured (int): index in ``garments`` of the garment the image is
            about (a shop's product).
    """
    image: np.ndarray
    garments: List[GarmentAnnotation]
    angle: float
    featured: int = 0


@dataclass
class _Group:
    """Garments placed together, in drawing order."""
    garments: List[Garment]
    members: List[GroupMember]
    worn: bool


def sample_kind(rng: np.random.Generator,
                body_part: Optional[str] = None) -> str:
    """A garment kind, of ``body_part`` or of a body part drawn by
    :data:`BODY_PART_SHARES`."""
    if body_part is None:
        parts, shares = zip(*BODY_PART_SHARES)
        body_part = parts[rng.choice(len(parts), p=shares)]
    kinds = KINDS_BY_BODY_PART[body_part]
    return kinds[rng.integers(len(kinds))]


def _solo(garment: Garment) -> _Group:
    return _Group([garment], [GroupMember(garment.template, np.zeros(2))],
                  worn=False)


def _outfit(rng: np.random.Generator, upper: Garment,
            lower: Garment) -> _Group:
    """A top over the waistband of a lower garment (the top drawn last)."""
    hem_y = upper.template.fld[6, 1]
    waist_at = np.array([0.0, hem_y - rng.uniform(0.04, 0.1)])
    return _Group([lower, upper], [
        GroupMember(lower.template, waist_at, _LOWER_IN_UPPER_UNITS),
        GroupMember(upper.template, np.zeros(2))
    ],
                  worn=True)


def _render(rng: np.random.Generator,
            image_size: Tuple[int, int],
            groups: Sequence[_Group],
            matrices: Sequence[np.ndarray],
            angle: float,
            occlusion_prob: float,
            featured: Optional[Garment] = None) -> Scene:
    """Paint the groups' garments with their ``matrices`` (in drawing
    order), add occluders with probability ``occlusion_prob``, annotate."""
    image = draw_background(rng, image_size)
    owner = np.zeros(image.shape[:2], dtype=np.int16)
    placed = [(garment, group.worn) for group in groups
              for garment in group.garments]
    for layer, ((garment, _), matrix) in enumerate(zip(placed, matrices), 1):
        paint_garment(image, owner, layer, garment, matrix, rng)
    if rng.random() < occlusion_prob:
        targets = np.concatenate([
            transform(np.concatenate([g.template.contour, g.template.fld]), m)
            for (g, _), m in zip(placed, matrices)
        ])
        height, width = owner.shape
        targets = targets[(targets[:, 0] >= 0) & (targets[:, 0] < width)
                          & (targets[:, 1] >= 0) & (targets[:, 1] < height)]
        if len(targets):
            draw_occluders(image, owner, rng, targets, int(rng.integers(1, 3)),
                           len(placed) + 1)
    annotations = [
        annotate_garment(garment, matrix, layer, owner, worn)
        for layer, ((garment, worn),
                    matrix) in enumerate(zip(placed, matrices), 1)
    ]
    garments = [garment for garment, _ in placed]
    return Scene(image, annotations, angle,
                 0 if featured is None else garments.index(featured))


def single_garment_scene(rng: np.random.Generator,
                         image_size: Tuple[int, int],
                         truncation_prob: float = 0.15,
                         occlusion_prob: float = 0.3) -> Scene:
    """One garment filling 55 to 85 percent of the image (DeepFashion, FLD).

    Args:
        rng (np.random.Generator): the random source.
        image_size (tuple[int, int]): ``(width, height)``.
        truncation_prob (float): chance that the garment crosses a border.
        occlusion_prob (float): chance of occluders over its landmarks.
    """
    group = _solo(make_garment(rng, sample_kind(rng)))
    width, height = image_size
    matrices, angle = place_group(
        rng,
        group.members, (0, 0, width, height),
        image_size,
        truncate=rng.random() < truncation_prob)
    return _render(rng, image_size, [group], matrices, angle, occlusion_prob)


def multi_garment_scene(rng: np.random.Generator,
                        image_size: Tuple[int, int],
                        product: GarmentSpec,
                        num_items: int,
                        truncation_prob: float = 0.15,
                        occlusion_prob: float = 0.3) -> Scene:
    """One to three garments, ``product`` among them (DeepFashion2).

    The product joins an outfit when there are two or more items and it is
    an upper or lower garment; a third item (or a second beside a dress)
    is shown on its own, and the two groups share the image side by side.

    Args:
        rng (np.random.Generator): the random source.
        image_size (tuple[int, int]): ``(width, height)``.
        product (GarmentSpec): the garment to show, freshly shaped.
        num_items (int): 1, 2 or 3.
        truncation_prob (float): chance, per group, of crossing a border.
        occlusion_prob (float): chance of occluders over landmarks.
    """
    item = make_garment(rng, product.kind, spec=product)
    part = product.garment_kind.body_part
    if num_items == 1 or part == 'full':
        groups = [_solo(item)]
    else:
        partner = make_garment(
            rng, sample_kind(rng, 'lower' if part == 'upper' else 'upper'))
        upper, lower = (item, partner) if part == 'upper' else (partner, item)
        groups = [_outfit(rng, upper, lower)]
    left = num_items - len(groups[0].garments)
    if left == 1:
        groups.append(_solo(make_garment(rng, sample_kind(rng))))
    elif left == 2:
        groups.append(
            _outfit(rng, make_garment(rng, sample_kind(rng, 'upper')),
                    make_garment(rng, sample_kind(rng, 'lower'))))
    width, height = image_size
    if len(groups) == 1:
        regions = [(0, 0, width, height)]
    else:
        # side by side, overlapping a little; either group may be first
        groups = [groups[i] for i in rng.permutation(2)]
        regions = [(0, 0, 0.6 * width, height),
                   (0.4 * width, 0, width, height)]
    matrices, angles = [], []
    for group, region in zip(groups, regions):
        group_matrices, angle = place_group(
            rng,
            group.members,
            region,
            image_size,
            fill=(0.65, 0.9),
            truncate=rng.random() < truncation_prob)
        matrices += group_matrices
        angles.append(angle)
    return _render(
        rng,
        image_size,
        groups,
        matrices,
        angles[0],
        occlusion_prob,
        featured=item)
