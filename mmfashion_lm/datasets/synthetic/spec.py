"""A garment's description: kind, category and the visual options that are
its attributes, before any geometry is drawn."""
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

from .catalog import (CATEGORY_CUES, EXCLUSIVE_DETAILS, FABRICS, KINDS,
                      NECKLINES, OPTIONAL_DETAILS, PALETTES, SHAPE_FAMILIES,
                      SLEEVE_ATTRIBUTES, SOLID_FABRICS, TEXTURES, GarmentKind,
                      identify_category, shape_family)
from .colors import Color, sample_garment_colors

# Details that frame the neck and so rule out the necklines that would hide
# them (a turtle-neck under a hood) or look like another category.
_NECK_DETAILS = frozenset({'hooded', 'collared', 'notched collar'})
# Draws of the free options before giving up on a category; the rarest
# category (Capris) keeps about one draw in seven.
_MAX_DRAWS = 1000


@dataclass(frozen=True)
class GarmentSpec:
    """What a garment is and looks like.

    The option fields hold DeepFashion attribute names (see
    :mod:`.catalog`); None means the regular look, which carries no label.

    Attributes:
        kind (str): a key of :data:`.catalog.KINDS`.
        category (str): the DeepFashion category name.
        texture (str): print, from :data:`.catalog.TEXTURES`.
        fabric (str): from :data:`.catalog.FABRICS`.
        silhouette (str, optional): shape attribute of the cut.
        length (str, optional): shape attribute of the length.
        neckline (str, optional): upper and full garments only.
        details (tuple[str]): part attributes that are drawn (pockets...).
        palette (str, optional): style palette of the base colour.
        marks (tuple[str]): style marks (logo, trims...).
        base_color (tuple): BGR.
        accent_color (tuple): BGR, for prints and trims.
        pattern_period (float): print repeat, in garment units.
        pattern_vertical (bool): stripes run down the garment.
    """
    kind: str
    category: str
    texture: str
    fabric: str
    silhouette: Optional[str]
    length: Optional[str]
    neckline: Optional[str]
    details: Tuple[str, ...]
    palette: Optional[str]
    marks: Tuple[str, ...]
    base_color: Color
    accent_color: Color
    pattern_period: float
    pattern_vertical: bool

    @property
    def garment_kind(self) -> GarmentKind:
        return KINDS[self.kind]

    @property
    def attributes(self) -> Tuple[str, ...]:
        """The DeepFashion attribute names this garment shows, sorted."""
        sleeve = self.garment_kind.sleeve
        names = (self.texture, self.fabric, self.silhouette, self.length,
                 self.neckline, SLEEVE_ATTRIBUTES.get(sleeve), self.palette,
                 *self.details, *self.marks)
        return tuple(sorted({name for name in names if name}))


def _choice(rng: np.random.Generator, options: Sequence):
    return options[rng.integers(len(options))]


def _sample_fabric_and_texture(rng: np.random.Generator,
                               cues: dict) -> Tuple[str, str]:
    texture = cues.get('texture')
    fabric = cues.get('fabric')
    if fabric is None:
        # a printed category keeps its print: no fabric that hides it
        options = FABRICS[1:] if texture is None else [
            f for f in FABRICS[1:] if f not in SOLID_FABRICS
        ]
        fabric = FABRICS[0] if rng.random() < 0.4 else _choice(rng, options)
    if texture is None:
        plain = fabric in SOLID_FABRICS or rng.random() < 0.35
        texture = TEXTURES[0] if plain else _choice(rng, TEXTURES[1:])
    return fabric, texture


def _sample_details(rng: np.random.Generator, kind: GarmentKind,
                    cues: dict) -> Tuple[str, ...]:
    details = set(cues.get('details', ()))
    for name in OPTIONAL_DETAILS[kind.body_part]:
        # rib cuffs need long sleeves
        if name == 'cuffed' and kind.sleeve != 'long':
            continue
        if rng.random() < 0.2:
            details.add(name)
    for keep, drop in EXCLUSIVE_DETAILS:
        if keep in details:
            details.discard(drop)
    return tuple(sorted(details))


def _neckline_options(kind: GarmentKind,
                      details: Tuple[str, ...]) -> Tuple[str, ...]:
    if kind.body_part == 'lower':
        return (None, )
    if kind.has_straps or kind.is_outerwear:
        return ('v-neck', 'scoop') if kind.sleeve == 'none' else NECKLINES[:2]
    if _NECK_DETAILS.intersection(details):
        return NECKLINES[:2]
    # a turtle-neck is drawn on sleeved tops and dresses only
    return NECKLINES if kind.sleeve != 'none' else NECKLINES[:3]


def sample_garment_spec(rng: np.random.Generator,
                        kind_name: str) -> GarmentSpec:
    """Sample a garment of kind ``kind_name``.

    The category is drawn from the kind's categories; its cues
    (:data:`.catalog.CATEGORY_CUES`) fix some options, the rest are drawn
    again until the garment shows no other category's signature that its
    own does not hold (:func:`.catalog.identify_category`).

    Args:
        rng (np.random.Generator): the random source.
        kind_name (str): a key of :data:`.catalog.KINDS`.
    """
    kind = KINDS[kind_name]
    category = _choice(rng, kind.categories)
    for _ in range(_MAX_DRAWS):
        spec = _sample_options(rng, kind, category)
        if identify_category(kind, set(spec.attributes)) == category:
            return spec
    raise RuntimeError(f'no {kind_name} drawn in {_MAX_DRAWS} tries shows '
                       f'the category {category!r} alone: check its cues in '
                       'CATEGORY_CUES against its siblings\'')


def _sample_options(rng: np.random.Generator, kind: GarmentKind,
                    category: str) -> GarmentSpec:
    cues = CATEGORY_CUES.get(category, {})
    family = SHAPE_FAMILIES[shape_family(kind)]
    fabric, texture = _sample_fabric_and_texture(rng, cues)
    silhouette = cues.get('silhouette') or _choice(rng, family['silhouette'])
    length = cues.get('length') or _choice(rng, family['length'])
    details = _sample_details(rng, kind, cues)
    neckline = cues.get('neckline') or _choice(
        rng, _neckline_options(kind, details))
    palette = cues.get('palette') or (_choice(rng, PALETTES)
                                      if rng.random() < 0.35 else None)
    marks = set(cues.get('marks', ()))
    emblem = _choice(rng, ('logo', 'star', None, None, None, None))
    if emblem is not None:
        marks.add(emblem)
    for trim in ('athletic', 'varsity'):
        if rng.random() < 0.1:
            marks.add(trim)
    base, accent = sample_garment_colors(rng, palette, fabric)
    return GarmentSpec(
        kind=kind.name,
        category=category,
        texture=texture,
        fabric=fabric,
        silhouette=silhouette,
        length=length,
        neckline=neckline,
        details=details,
        palette=palette,
        marks=tuple(sorted(marks)),
        base_color=base,
        accent_color=accent,
        pattern_period=float(rng.uniform(0.06, 0.12)),
        pattern_vertical=bool(rng.random() < 0.3))
