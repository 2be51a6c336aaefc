"""Garment geometry and vocabulary of the synthetic generator."""
import json
import os.path as osp

import cv2
import numpy as np
import pytest

from mmfashion_lm.datasets.synthetic import (KINDS, load_vocabulary,
                                             make_garment, sample_garment_spec)
from mmfashion_lm.datasets.synthetic import catalog
from mmfashion_lm.datasets.metainfo.deepfashion2 import \
    TABLE_FILE as DF2_CATEGORY_TABLE
from mmfashion_lm.datasets.synthetic.vocabulary import (ATTRIBUTE_LIST,
                                                        CATEGORY_LIST)
from ..conftest import SHARED_DATA, requires_shared_data

REAL_DF2_TABLE = osp.join(SHARED_DATA, 'deepfashion2',
                          'categories_landmark_ranges_sigmas.json')
# Points of outerwear's front opening lie inside the garment, not on an edge.
OPENING_POINTS = 6


def _real_df2_table():
    path = REAL_DF2_TABLE if osp.exists(REAL_DF2_TABLE) else DF2_CATEGORY_TABLE
    with open(path) as f:
        return {row['category_id']: row for row in json.load(f)}


def _edge_distance(polygon: np.ndarray, point: np.ndarray) -> float:
    """Signed distance (inside > 0) from ``point`` to ``polygon``."""
    return cv2.pointPolygonTest(
        polygon.astype(np.float32).reshape(-1, 1, 2),
        (float(point[0]), float(point[1])), True)


@pytest.mark.parametrize('kind', list(KINDS))
def test_contour_has_the_real_count_along_the_outline(kind):
    table = _real_df2_table()
    expected = table[KINDS[kind].df2_category_id]['num_landmarks']
    for i in range(12):
        template = make_garment(np.random.default_rng([7, i]), kind).template
        assert template.contour.shape == (expected, 2)
        outlines = template.pieces + template.inner
        on_edge = len(template.contour) - (
            OPENING_POINTS if KINDS[kind].is_outerwear else 0)
        for number, point in enumerate(template.contour):
            inside = max(_edge_distance(p, point) for p in template.pieces)
            assert inside >= -1e-5, (kind, number)
            if number < on_edge:
                edge = min(abs(_edge_distance(p, point)) for p in outlines)
                assert edge < 1e-5, (kind, number)


@pytest.mark.parametrize('kind', list(KINDS))
def test_deepfashion_landmarks_follow_the_clothes_type(kind):
    absent = {
        'upper': [4, 5],
        'lower': [0, 1, 2, 3],
        'full': []
    }[KINDS[kind].body_part]
    template = make_garment(np.random.default_rng(3), kind).template
    assert np.isnan(template.fld[absent]).all()
    present = np.delete(template.fld, absent, axis=0)
    assert np.isfinite(present).all()
    # left landmarks are on the image left of the front view (x < 0)
    assert (present[0::2, 0] < 0).all() and (present[1::2, 0] > 0).all()
    # collars / waistlines above hems
    assert present[0, 1] < present[-1, 1]


def test_kinds_use_real_categories_of_their_clothes_type():
    vocabulary = load_vocabulary()
    for kind in KINDS.values():
        assert vocabulary.df2_categories[kind.df2_category_id]
        for category in kind.categories:
            assert vocabulary.category_type(category) == kind.clothes_type
    assert set(catalog.CATEGORY_CUES) <= {
        c
        for kind in KINDS.values()
        for c in kind.categories
    }


def test_every_drawn_option_is_a_real_attribute():
    names = {name for name, _ in load_vocabulary().attributes}
    options = set(catalog.TEXTURES + catalog.FABRICS + catalog.NECKLINES +
                  catalog.DETAILS + catalog.PALETTES + catalog.MARKS)
    options |= set(catalog.SLEEVE_ATTRIBUTES.values())
    for family in catalog.SHAPE_FAMILIES.values():
        options |= set(family['silhouette']) | set(family['length'])
    for cues in catalog.CATEGORY_CUES.values():
        for value in cues.values():
            options |= set(value) if isinstance(value, tuple) else {value}
    options.discard(None)
    assert options <= names, options - names


def test_category_cues_are_drawn():
    for i in range(300):
        rng = np.random.default_rng([11, i])
        kind = list(KINDS)[i % len(KINDS)]
        spec = sample_garment_spec(rng, kind)
        cues = catalog.CATEGORY_CUES.get(spec.category, {})
        family = catalog.SHAPE_FAMILIES[catalog.shape_family(
            spec.garment_kind)]
        assert spec.silhouette in family['silhouette']
        assert spec.length in family['length']
        for key in ('texture', 'fabric', 'silhouette', 'length', 'neckline',
                    'palette'):
            if key in cues:
                assert getattr(spec, key) == cues[key]
        assert set(cues.get('details', ())) <= set(spec.details)
        assert spec.texture in spec.attributes
        assert spec.fabric in spec.attributes
        # the pixels determine the category: no sibling's signature shows
        # that the garment's own does not hold
        assert catalog.identify_category(spec.garment_kind,
                                         set(spec.attributes)) == spec.category


def test_categories_of_a_kind_have_their_own_signatures():
    for kind in KINDS.values():
        signatures = [catalog.category_signature(c) for c in kind.categories]
        assert len(set(signatures)) == len(signatures), kind.name
        for category, signature in zip(kind.categories, signatures):
            assert catalog.identify_category(kind, signature) == category


def test_identify_category_by_the_largest_shown_signature():
    outerwear = KINDS['long_sleeve_outwear']
    # a Parka shows the Jacket's and the Anorak's signatures within its own
    assert catalog.identify_category(
        outerwear, {'longline', 'hooded', 'zip-front', 'pocket', 'knit'}) \
        == 'Parka'
    assert catalog.identify_category(outerwear,
                                     {'hooded', 'zip-front', 'pocket'}) \
        == 'Anorak'
    # a zip and a double-breasted front with a notched collar and a v-neck
    # show Jacket and Peacoat, neither holding the other
    assert catalog.identify_category(
        outerwear,
        {'zip-front', 'double-breasted', 'notched collar', 'v-neck'}) is None
    # nothing shown: the kind's plain category, if it has one
    assert catalog.identify_category(KINDS['skirt'], {'cotton'}) == 'Skirt'
    assert catalog.identify_category(KINDS['trousers'], {'cotton'}) is None


@requires_shared_data
def test_shipped_lists_are_the_real_ones():
    for shipped in (CATEGORY_LIST, ATTRIBUTE_LIST):
        real = osp.join(SHARED_DATA, 'deepfashion', osp.basename(shipped))
        with open(shipped, 'rb') as a, open(real, 'rb') as b:
            assert a.read() == b.read()
    with open(DF2_CATEGORY_TABLE) as a, open(REAL_DF2_TABLE) as b:
        assert json.load(a) == json.load(b)
