"""The datasets' landmark tables (mmfashion_lm.datasets.metainfo) and what
reads them: the metainfo files of configs/_base_/metainfo/, the converters,
the DeepFashion-C subsets, the synthetic generator; and what cannot read
them, checked against them: mmpose's own metainfo files."""
import glob
import json
import os.path as osp

import mmpose
import numpy as np
import pytest
from mmengine.config import Config
from mmpose.datasets.datasets.utils import parse_pose_metainfo

from mmfashion_lm.datasets import deepfashion_full_layout_subsets, metainfo
from mmfashion_lm.datasets.converters.deepfashion2 import coco_categories
from mmfashion_lm.datasets.converters.landmark_list import landmark_category
from mmfashion_lm.datasets.metainfo import deepfashion, deepfashion2
from mmfashion_lm.datasets.synthetic import KINDS, load_vocabulary
from mmfashion_lm.datasets.synthetic.landmark_lists import CLOTHES_TYPE_SLOTS
from ..conftest import REPO_ROOT, SHARED_DATA, requires_shared_data

OURS = osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo')
MMPOSE = osp.join(
    osp.dirname(mmpose.__file__), '.mim', 'configs', '_base_', 'datasets')
METAINFO_FILES = sorted(glob.glob(osp.join(OURS, '*.py')))


def _name(path):
    return osp.splitext(osp.basename(path))[0]


def _parsed_equal(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], np.ndarray):
            np.testing.assert_array_equal(a[key], b[key])
        else:
            assert a[key] == b[key], key


@pytest.mark.parametrize('path', METAINFO_FILES, ids=_name)
def test_metainfo_files_are_the_tables(path):
    """Each file hands mmpose the package's dict (a fresh copy each time)."""
    name = _name(path)
    constant = name.upper() + ('' if 'layout_graph' in name else '_INFO')
    built = getattr(metainfo, constant)
    assert built is not getattr(metainfo, constant)
    if 'layout_graph' in name:
        loaded = Config.fromfile(path).layout_graph
        assert loaded.to_dict() == built.to_dict()
    else:
        _parsed_equal(
            parse_pose_metainfo(dict(from_file=path)),
            parse_pose_metainfo(built))


def test_deepfashion_table():
    assert deepfashion.CLOTHES_TYPE_SUBSETS == {
        1: 'upper',
        2: 'lower',
        3: 'full'
    }
    for subset, slots in deepfashion.SUBSET_SLOTS.items():
        assert deepfashion.subset_landmarks(subset) == tuple(
            deepfashion.LANDMARKS[i] for i in slots)
        # the converters' json and the synthetic generator's lists
        assert landmark_category(subset)['keypoints'] == list(
            deepfashion.subset_landmarks(subset))
    for clothes_type, subset in deepfashion.CLOTHES_TYPE_SUBSETS.items():
        assert CLOTHES_TYPE_SLOTS[clothes_type] == \
            deepfashion.SUBSET_SLOTS[subset]


def test_deepfashion2_table():
    categories = deepfashion2.CATEGORIES
    assert [c['id'] for c in categories] == list(range(1, 14))
    assert deepfashion2.NUM_SLOTS == sum(c['num_landmarks']
                                         for c in categories)
    for before, after in zip(categories, categories[1:]):
        assert before['end'] == after['start']
    # the converter's categories
    assert [(c['id'], c['name']) for c in coco_categories()] == \
        [(c['id'], c['name']) for c in categories]
    # the synthetic generator's kinds and DeepFashion2 category names
    vocabulary = load_vocabulary()
    for kind in KINDS.values():
        category = deepfashion2.CATEGORY_BY_ID[kind.df2_category_id]
        assert kind.name == category['annotation_name'].replace(' ', '_')
        assert vocabulary.df2_categories[kind.df2_category_id] is category
    assert len(KINDS) == len(categories)


def test_deepfashion_c_subsets_in_full_body_slots():
    subsets = deepfashion_full_layout_subsets(
        'annotations/deepfashion_{subset}_val.json',
        data_root='data/deepfashion/',
        test_mode=True)
    assert [s['subset'] for s in subsets] == ['upper', 'lower', 'full']
    for subset in subsets:
        mapping = list(enumerate(deepfashion.SUBSET_SLOTS[subset['subset']]))
        assert subset['ann_file'] == \
            f'annotations/deepfashion_{subset["subset"]}_val.json'
        assert subset['test_mode'] is True
        assert [t['mapping'] for t in subset['pipeline']] == [mapping] * 2
        assert [t['num_keypoints'] for t in subset['pipeline']] == [8, 8]
    with pytest.raises(ValueError, match='unknown DeepFashion subset'):
        deepfashion_full_layout_subsets('a.json', subsets=('torso', ))


@pytest.mark.parametrize('subset', ['upper', 'lower', 'full'])
def test_deepfashion_layouts_are_mmposes(subset):
    """mmpose's files cannot read the table: the same names, order and
    flips (mmpose's full-body file repeats ids 0..3, ours counts on)."""
    ours = parse_pose_metainfo(
        getattr(metainfo, f'DEEPFASHION_{subset.upper()}_INFO'))
    theirs = parse_pose_metainfo(
        dict(from_file=osp.join(MMPOSE, f'deepfashion_{subset}.py')))
    assert ours['keypoint_id2name'] == theirs['keypoint_id2name']
    assert ours['flip_indices'] == theirs['flip_indices']


def test_deepfashion2_layout_is_mmposes_but_two_flip_fixes():
    """mmpose's file cannot read the table: the same names, colours and
    skeleton, and the same flips but for the two fixed pairs."""
    ours = parse_pose_metainfo(metainfo.DEEPFASHION2_INFO)
    theirs = parse_pose_metainfo(
        dict(from_file=osp.join(MMPOSE, 'deepfashion2.py')))
    for key in ('keypoint_id2name', 'skeleton_links'):
        assert ours[key] == theirs[key]
    for key in ('keypoint_colors', 'skeleton_link_colors'):
        np.testing.assert_array_equal(ours[key], theirs[key])
    changed = [
        ours['keypoint_id2name'][i] for i in range(deepfashion2.NUM_SLOTS)
        if ours['flip_indices'][i] != theirs['flip_indices'][i]
    ]
    # vest 13 <-> 9 (mmpose: 13 unpaired); short sleeve outwear 2 <-> 6 and
    # 4 <-> 26 (mmpose: 2 <-> 26, 4 <-> 6)
    assert changed == [
        'sso_kpt2', 'sso_kpt4', 'sso_kpt6', 'sso_kpt26', 'vest_kpt13'
    ]


@requires_shared_data
def test_deepfashion2_table_is_the_official_one():
    with open(osp.join(SHARED_DATA, 'deepfashion2',
                       'categories_landmark_ranges_sigmas.json')) as f:
        official = json.load(f)
    with open(deepfashion2.TABLE_FILE) as f:
        assert json.load(f) == official
    # mmpose's 294 sigmas are the official ones, slot by slot
    sigmas = parse_pose_metainfo(metainfo.DEEPFASHION2_INFO)['sigmas']
    np.testing.assert_allclose(
        sigmas, [s for row in official for s in row['sigmas']])
