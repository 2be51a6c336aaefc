"""The metainfo files in configs/_base_/metainfo/ against the package's
tables, mmpose's files and the official DeepFashion2 sigmas."""
import json
import os.path as osp

import mmpose
import numpy as np
import pytest
from mmpose.datasets.datasets.utils import parse_pose_metainfo

from mmfashion_lm.datasets.metainfo.deepfashion import (
    LANDMARKS as FULL_LANDMARKS, SUBSET_SLOTS)
from mmfashion_lm.datasets.metainfo.deepfashion2 import (CATEGORIES,
                                                         CATEGORY_SLICES)
from ..conftest import REPO_ROOT, requires_shared_data, SHARED_DATA

pytestmark = requires_shared_data

OURS = osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo')
DF2_CATEGORIES = [(c['id'], c['name'], c['num_landmarks']) for c in CATEGORIES]
MMPOSE = osp.join(
    osp.dirname(mmpose.__file__), '.mim', 'configs', '_base_', 'datasets')


def parse(folder, name):
    return parse_pose_metainfo(dict(from_file=osp.join(folder, f'{name}.py')))


def assert_flip_is_involution(meta):
    flip = meta['flip_indices']
    assert [flip[i] for i in flip] == list(range(meta['num_keypoints']))


@pytest.mark.parametrize('subset', ['upper', 'lower', 'full'])
def test_deepfashion_layouts(subset):
    ours, theirs = (parse(OURS, f'deepfashion_{subset}'),
                    parse(MMPOSE, f'deepfashion_{subset}'))
    names = [FULL_LANDMARKS[i] for i in SUBSET_SLOTS[subset]]
    assert list(ours['keypoint_id2name'].values()) == names
    # Same layout and flips as mmpose's, so its models and ours mix.
    assert ours['keypoint_id2name'] == theirs['keypoint_id2name']
    assert ours['flip_indices'] == theirs['flip_indices']
    assert_flip_is_involution(ours)
    assert ours['num_skeleton_links'] > 0
    assert ours['sigmas'].size == 0


def test_deepfashion2_metainfo():
    ours, theirs = parse(OURS, 'deepfashion2'), parse(MMPOSE, 'deepfashion2')
    assert ours['num_keypoints'] == 294
    assert ours['keypoint_id2name'] == theirs['keypoint_id2name']
    assert ours['skeleton_links'] == theirs['skeleton_links']
    with open(
            osp.join(SHARED_DATA, 'deepfashion2',
                     'categories_landmark_ranges_sigmas.json')) as f:
        official = json.load(f)
    for category in official:
        slot = slice(category['start'], category['end'])
        assert CATEGORY_SLICES[category['category_id']] == slot
        np.testing.assert_allclose(ours['sigmas'][slot], category['sigmas'])
        # Flipping never leaves a category's slice.
        flipped = [ours['flip_indices'][i] for i in range(294)[slot]]
        assert all(slot.start <= i < slot.stop for i in flipped)
    assert [(c['category_id'], c['coco_name'], c['num_landmarks'])
            for c in official] == list(DF2_CATEGORIES)

    assert_flip_is_involution(ours)
    # The fixed pairs: vest 9 <-> 13, short sleeve outwear 2 <-> 6, 4 <-> 26.
    name2id = ours['keypoint_name2id']
    for a, b in [('vest_kpt9', 'vest_kpt13'), ('sso_kpt2', 'sso_kpt6'),
                 ('sso_kpt4', 'sso_kpt26')]:
        assert ours['flip_indices'][name2id[a]] == name2id[b]
        assert ours['sigmas'][name2id[a]] == ours['sigmas'][name2id[b]]
