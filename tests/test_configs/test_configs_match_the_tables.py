"""What the configs write that the landmark tables fix and that a config
cannot read from them (a config that inherits cannot import the package):
each landmark model's heatmap (or composite-field) count against the
metainfo of its data, and
the DeepFashion2 category of a per-category config against its metainfo."""
import glob
import os.path as osp

import numpy as np
from mmengine.config import Config
from mmpose.datasets.datasets.utils import parse_pose_metainfo

from mmfashion_lm.datasets.metainfo import deepfashion2
from ..conftest import REPO_ROOT

# the landmark configs (the attention classifiers and the multi-task
# model's CAT configs have no landmarks; MetaCloth's few-shot stages have a
# task's, any count: tests/test_configs/test_metacloth_configs.py)
CONFIGS = [
    path for path in sorted(
        glob.glob(osp.join(REPO_ROOT, 'configs', '*', '*.py')))
    if '_base_' not in path and 'attention' not in osp.basename(path)
    and not osp.basename(path).startswith('cat_') and not (
        osp.basename(osp.dirname(path)) == 'metacloth'
        and not osp.basename(path).startswith('base-model_'))
]


def _datasets(dataset):
    """A dataset config and those it combines."""
    yield dataset
    subsets = dataset.get('datasets')
    if isinstance(subsets, (list, tuple)):
        for subset in subsets:
            yield from _datasets(subset)


def test_heads_have_a_heatmap_per_landmark():
    checked = 0
    for path in CONFIGS:
        cfg = Config.fromfile(path)
        dataset = cfg.train_dataloader.dataset
        meta = parse_pose_metainfo(dataset.metainfo)
        if 'metainfo' in cfg.model:
            assert parse_pose_metainfo(cfg.model.metainfo)[
                'keypoint_id2name'] == meta['keypoint_id2name'], path
        head = cfg.model.get('head', {})
        # heatmap heads: a channel per landmark; composite-fields heads: the
        # codec's landmark count (a joint model's: its landmark head's)
        head = head.get('landmark_head', head)
        out_channels = head.get('out_channels',
                                head.get('decoder', {}).get('num_keypoints'))
        if out_channels is not None:
            assert out_channels == meta['num_keypoints'], path
            checked += 1
    assert checked >= len(CONFIGS) - 2


def test_deepfashion2_category_configs_match_the_table():
    checked = 0
    for path in CONFIGS:
        cfg = Config.fromfile(path)
        for split in ('train', 'val', 'test'):
            dataset = cfg[f'{split}_dataloader'].dataset
            if dataset.type != 'DeepFashion2CategoryDataset':
                continue
            ids = dataset.category if isinstance(
                dataset.category, (list, tuple)) else [dataset.category]
            categories = [deepfashion2.CATEGORY_BY_ID[c] for c in ids]
            meta = parse_pose_metainfo(dataset.metainfo)
            assert meta['num_keypoints'] == sum(
                category['num_landmarks'] for category in categories)
            assert meta['dataset_name'] == (
                f'deepfashion2_{categories[0]["name"]}' if len(ids) == 1
                else 'deepfashion2_categories_' + '_'.join(map(str, ids)))
            np.testing.assert_allclose(
                meta['sigmas'],
                [s for category in categories for s in category['sigmas']])
            checked += 1
    # the short sleeved shirt config's three splits; the three MetaCloth
    # base models' (seen categories of B1, small B1 and B2)
    assert checked == 12
