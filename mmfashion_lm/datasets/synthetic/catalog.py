"""What the generator can draw, named in the real datasets' vocabularies.

A garment *kind* is a drawable silhouette family and maps one-to-one onto a
DeepFashion2 category, whose name it takes; each kind lists the DeepFashion
categories (of the matching clothes type) that it is drawn as. Every visual
option is named by the DeepFashion attribute it depicts, so an option value
*is* its attribute name and ``list_attr_img.txt`` follows from the options
without a table.
"""
from dataclasses import dataclass
from types import MappingProxyType
from typing import AbstractSet, FrozenSet, Mapping, Optional, Tuple

from ..metainfo.deepfashion import CLOTHES_TYPE_SUBSETS
from ..metainfo.deepfashion2 import CATEGORY_BY_ID

# DeepFashion clothes types by subset: upper 1, lower 2, full 3.
CLOTHES_TYPES = MappingProxyType(
    {subset: clothes_type
     for clothes_type, subset in CLOTHES_TYPE_SUBSETS.items()})


@dataclass(frozen=True)
class GarmentKind:
    """A drawable garment family.

    Attributes:
        df2_category_id (int): the DeepFashion2 category (1..13).
        body_part (str): ``'upper'``, ``'lower'`` or ``'full'``.
        sleeve (str, optional): ``'short'``, ``'long'`` or ``'none'`` for
            upper and full kinds; None for lower ones.
        categories (tuple[str]): DeepFashion categories drawn as this kind.
    """
    df2_category_id: int
    body_part: str
    sleeve: Optional[str]
    categories: Tuple[str, ...]

    @property
    def name(self) -> str:
        """The DeepFashion2 category's annotation name with underscores,
        e.g. ``'short_sleeve_top'``."""
        return CATEGORY_BY_ID[self.df2_category_id]['annotation_name'] \
            .replace(' ', '_')

    @property
    def clothes_type(self) -> int:
        return CLOTHES_TYPES[self.body_part]

    @property
    def is_outerwear(self) -> bool:
        return self.name.endswith('outwear')

    @property
    def has_straps(self) -> bool:
        """Slings: thin straps instead of shoulders."""
        return self.name.startswith('sling')


# In DeepFashion2's order: short sleeve top, long sleeve top, short sleeve
# outwear, long sleeve outwear, vest, sling, shorts, trousers, skirt, short
# sleeve dress, long sleeve dress, vest dress, sling dress.
_KINDS = (
    GarmentKind(1, 'upper', 'short',
                ('Tee', 'Top', 'Blouse', 'Jersey', 'Henley')),
    GarmentKind(2, 'upper', 'long',
                ('Sweater', 'Turtleneck', 'Button-Down', 'Flannel', 'Hoodie',
                 'Top', 'Blouse')),
    GarmentKind(3, 'upper', 'short', ('Jacket', 'Blazer', 'Cardigan')),
    GarmentKind(4, 'upper', 'long',
                ('Jacket', 'Blazer', 'Bomber', 'Cardigan', 'Anorak', 'Parka',
                 'Peacoat')),
    GarmentKind(5, 'upper', 'none', ('Tank', 'Top')),
    GarmentKind(6, 'upper', 'none', ('Halter', 'Tank', 'Top')),
    GarmentKind(7, 'lower', None,
                ('Shorts', 'Cutoffs', 'Sweatshorts', 'Trunks')),
    GarmentKind(8, 'lower', None,
                ('Jeans', 'Chinos', 'Joggers', 'Leggings', 'Sweatpants',
                 'Capris', 'Jeggings', 'Culottes', 'Gauchos', 'Jodhpurs')),
    GarmentKind(9, 'lower', None, ('Skirt', 'Sarong')),
    GarmentKind(10, 'full', 'short', ('Dress', 'Shirtdress', 'Nightdress')),
    GarmentKind(11, 'full', 'long',
                ('Dress', 'Shirtdress', 'Coat', 'Robe', 'Kimono', 'Kaftan',
                 'Caftan')),
    GarmentKind(12, 'full', 'none', ('Dress', 'Sundress', 'Nightdress')),
    GarmentKind(13, 'full', 'none', ('Dress', 'Sundress', 'Nightdress')),
)
KINDS: Mapping[str, GarmentKind] = MappingProxyType(
    {kind.name: kind
     for kind in _KINDS})
KINDS_BY_BODY_PART: Mapping[str, Tuple[str, ...]] = MappingProxyType({
    part:
    tuple(kind.name for kind in _KINDS if kind.body_part == part)
    for part in CLOTHES_TYPES
})

# Attribute group 1 (texture), except 'solid', which DeepFashion files under
# style (group 5); the drawing is what matters, the group comes from the list.
TEXTURES = ('solid', 'striped', 'dotted', 'floral', 'checked', 'zigzag',
            'colorblock', 'leopard')
# Attribute group 2 (fabric). The first is the plain default.
FABRICS = ('cotton', 'knit', 'denim', 'leather', 'lace', 'sequin', 'corduroy',
           'chiffon')
# Fabrics whose own look replaces any printed texture.
SOLID_FABRICS = frozenset({'denim', 'leather', 'lace', 'sequin', 'corduroy'})

# Attribute group 3 (shape): silhouette and length options per shape family.
# None is the family's regular shape, which carries no attribute.
# yapf: disable
SHAPE_FAMILIES = MappingProxyType({
    'top': dict(silhouette=('fitted', 'boxy'),
                length=(None, 'cropped', 'longline')),
    'outerwear': dict(silhouette=('fitted', 'boxy'),
                      length=(None, 'longline')),
    'dress': dict(silhouette=('a-line', 'bodycon', 'shift', 'skater'),
                  length=('mini', 'midi', 'maxi')),
    'trousers': dict(silhouette=('skinny', 'straight-leg', 'wide-leg'),
                     length=(None, 'capri')),
    'shorts': dict(silhouette=(None, ), length=(None, 'bermuda')),
    'skirt': dict(silhouette=('a-line', 'pencil'),
                  length=('mini', 'midi', 'maxi')),
})
# yapf: enable

# Attribute group 4 (part).
NECKLINES = ('crew neck', 'v-neck', 'scoop', 'turtle-neck')
SLEEVE_ATTRIBUTES = MappingProxyType({
    'long': 'long-sleeve',
    'none': 'sleeveless',
    'short': None
})
# Details that may be added at random, per body part; categories add more.
OPTIONAL_DETAILS = MappingProxyType({
    'upper': ('pocket', 'button-front', 'cuffed'),
    'lower': ('pocket', 'belted', 'drawstring'),
    'full': ('pocket', 'button-front', 'belted'),
})
DETAILS = ('hooded', 'pocket', 'button-front', 'zip-front', 'belted',
           'drawstring', 'cuffed', 'collared', 'double-breasted',
           'notched collar')
# Details that cannot be drawn together: the first of a pair wins.
EXCLUSIVE_DETAILS = (
    ('zip-front', 'button-front'),
    ('double-breasted', 'button-front'),
    ('double-breasted', 'zip-front'),
    ('hooded', 'collared'),
    ('notched collar', 'collared'),
    ('hooded', 'notched collar'),
)

# Attribute group 5 (style): colour palettes and printed marks.
PALETTES = ('pink', 'red', 'dark', 'summer')
MARKS = ('logo', 'star', 'athletic', 'varsity')

# What a category fixes about its drawing, its *signature* among the
# categories of a kind (see :func:`identify_category`); everything else is
# sampled. Every category of a kind has its own signature (one of a kind may
# have none: the kind's plain category). Where DeepFashion has two names for
# one garment (Kaftan, Caftan), or two near-synonyms (Culottes, Gauchos), the
# second gets a detail of its own so that pixels tell them apart.
# yapf: disable
CATEGORY_CUES = MappingProxyType({
    'Tee': dict(neckline='crew neck'),
    'Blouse': dict(fabric='chiffon'),
    'Jersey': dict(marks=('varsity', )),
    'Henley': dict(details=('button-front', )),
    'Sweater': dict(fabric='knit', details=('cuffed', )),
    'Turtleneck': dict(fabric='knit', neckline='turtle-neck'),
    'Button-Down': dict(details=('button-front', 'collared')),
    'Flannel': dict(texture='checked', details=('button-front', 'collared')),
    'Hoodie': dict(details=('hooded', 'pocket', 'drawstring', 'cuffed')),
    'Tank': dict(marks=('athletic', )),
    'Halter': dict(neckline='v-neck'),
    'Jacket': dict(details=('zip-front', )),
    'Blazer': dict(neckline='v-neck', silhouette='fitted',
                   details=('button-front', 'notched collar')),
    'Bomber': dict(details=('zip-front', 'cuffed')),
    'Cardigan': dict(fabric='knit', neckline='v-neck',
                     details=('button-front', )),
    'Anorak': dict(details=('hooded', 'zip-front', 'pocket')),
    'Parka': dict(length='longline',
                  details=('hooded', 'zip-front', 'pocket')),
    'Peacoat': dict(neckline='v-neck',
                    details=('double-breasted', 'notched collar')),
    'Cutoffs': dict(fabric='denim'),
    'Sweatshorts': dict(fabric='knit', details=('drawstring', )),
    'Trunks': dict(marks=('athletic', ), details=('drawstring', )),
    'Jeans': dict(fabric='denim', details=('pocket', )),
    'Chinos': dict(fabric='cotton', silhouette='straight-leg'),
    'Joggers': dict(fabric='knit', details=('cuffed', 'drawstring')),
    'Leggings': dict(fabric='knit', silhouette='skinny', palette='dark'),
    'Sweatpants': dict(fabric='knit', silhouette='straight-leg',
                       details=('drawstring', 'cuffed')),
    'Capris': dict(length='capri'),
    'Jeggings': dict(fabric='denim', silhouette='skinny'),
    'Culottes': dict(silhouette='wide-leg', length='capri'),
    'Gauchos': dict(silhouette='wide-leg', length='capri',
                    details=('belted', )),
    'Jodhpurs': dict(silhouette='skinny'),
    'Sarong': dict(texture='floral'),
    'Shirtdress': dict(details=('button-front', 'collared')),
    'Nightdress': dict(fabric='chiffon'),
    'Sundress': dict(palette='summer'),
    'Coat': dict(length='midi', details=('button-front', 'belted')),
    'Robe': dict(details=('belted', )),
    'Kimono': dict(texture='floral', details=('belted', )),
    'Kaftan': dict(length='maxi', silhouette='shift'),
    'Caftan': dict(length='maxi', silhouette='shift', texture='zigzag'),
})
# yapf: enable


def shape_family(kind: GarmentKind) -> str:
    """The key of :data:`SHAPE_FAMILIES` that shapes ``kind``."""
    if kind.body_part == 'full':
        return 'dress'
    if kind.body_part == 'lower':
        return kind.name  # 'shorts', 'trousers' or 'skirt'
    return 'outerwear' if kind.is_outerwear else 'top'


def category_signature(category: str) -> FrozenSet[str]:
    """The attribute names that a category's cues fix."""
    names = set()
    for value in CATEGORY_CUES.get(category, {}).values():
        names.update(value if isinstance(value, tuple) else (value, ))
    return frozenset(names)


def identify_category(kind: GarmentKind,
                      attributes: AbstractSet[str]) -> Optional[str]:
    """The category of ``kind`` that a garment showing ``attributes`` is.

    A garment shows a category's signature when it has all of its
    attributes. It is the category with the largest signature it shows:
    the one whose signature holds the signatures of all the others it shows
    (a Parka shows a Jacket's zip and an Anorak's hood and pocket, and its
    own length). The generator draws only garments for which that category
    is their own, so that the pixels determine the category.

    Returns:
        str, optional: the category, or None when no single shown signature
        holds all the others (an ambiguous garment).
    """
    shown = {
        category: signature
        for category in kind.categories
        if (signature := category_signature(category)) <= attributes
    }
    largest = [
        category for category, signature in shown.items()
        if all(other <= signature for other in shown.values())
    ]
    return largest[0] if len(largest) == 1 else None
