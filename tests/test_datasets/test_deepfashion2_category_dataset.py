"""DeepFashion2 restricted to one category and its landmark slots, on a small
synthetic DeepFashion2 set through the converter."""
import json
import os.path as osp

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.structures import InstanceData
from mmpose.datasets.datasets.utils import parse_pose_metainfo
from mmpose.registry import DATASETS, METRICS

from mmfashion_lm.datasets.converters import convert_deepfashion2
from mmfashion_lm.datasets.deepfashion2_category_dataset import \
    DeepFashion2CategoryDataset
from mmfashion_lm.datasets.synthetic import generate_synthfashion
from mmfashion_lm.datasets.metainfo.deepfashion2 import \
    CATEGORY_BY_ID as DEEPFASHION2_CATEGORY_BY_ID
from mmfashion_lm.datasets.metainfo.deepfashion2 import (CATEGORY_SLICES,
                                                       categories_metainfo)
from mmfashion_lm.structures import LayoutGraph
from .test_fashion_datasets import metainfo, mmpose_scope  # noqa: F401
from .test_fashion_datasets import topdown_pipeline
from ..conftest import REPO_ROOT

ANN_FILE = 'annotations/deepfashion2_train.json'


@pytest.fixture(scope='module')
def df2_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('synth_df2'))
    generate_synthfashion(
        root, 16, seed=1, image_size=(64, 64), layouts=('deepfashion2', ))
    df2 = osp.join(root, 'deepfashion2')
    assert not convert_deepfashion2(df2, osp.join(df2, 'annotations')).skipped
    return df2


def _annotations(root, category=None):
    with open(osp.join(root, ANN_FILE)) as f:
        coco = json.load(f)
    return [
        a for a in coco['annotations']
        if category is None or a['category_id'] == category
    ]


def _dataset(root, category=1, name='deepfashion2_short_sleeved_shirt',
             **kwargs):
    return DeepFashion2CategoryDataset(
        category=category,
        data_root=root,
        ann_file=ANN_FILE,
        metainfo=metainfo(name),
        **kwargs)


def test_keeps_only_the_category_and_its_slots(df2_root):
    expected = _annotations(df2_root, 1)
    # the set has other categories too, and some short sleeved shirts
    assert 0 < len(expected) < len(_annotations(df2_root))
    dataset = _dataset(df2_root)
    assert len(dataset) == len(expected)
    for info, ann in zip(dataset, expected):
        assert info['id'] == ann['id'] and int(info['category_id']) == 1
        slots = np.array(ann['keypoints'], np.float32).reshape(-1, 3)[:25]
        assert info['keypoints'].shape == (1, 25, 2)
        np.testing.assert_array_equal(info['keypoints'][0], slots[:, :2])
        np.testing.assert_array_equal(info['keypoints_visible'][0],
                                      np.minimum(slots[:, 2], 1))
        assert info['num_keypoints'] == np.count_nonzero(slots[:, 2])
        assert len(info['raw_ann_info']['keypoints']) == 75
    assert dataset.metainfo['dataset_name'] == \
        'deepfashion2_short_sleeved_shirt'


def test_through_a_topdown_pipeline(df2_root):
    dataset = DATASETS.build(
        dict(
            type='DeepFashion2CategoryDataset',
            category=1,
            data_root=df2_root,
            ann_file=ANN_FILE,
            metainfo=metainfo('deepfashion2_short_sleeved_shirt'),
            pipeline=topdown_pipeline()))
    sample = dataset[0]['data_samples']
    assert sample.gt_instances.keypoints.shape == (1, 25, 2)
    assert sample.gt_fields.heatmaps.shape == (25, 16, 16)
    assert sample.gt_instances.keypoints_visible.sum() > 0


def test_metainfo_is_the_category_slice_of_deepfashion2():
    ours = parse_pose_metainfo(metainfo('deepfashion2_short_sleeved_shirt'))
    full = parse_pose_metainfo(metainfo('deepfashion2'))
    assert ours['num_keypoints'] == 25
    assert [ours['keypoint_id2name'][i] for i in range(25)] == \
        [full['keypoint_id2name'][i] for i in range(25)] == \
        [f'sss_kpt{i}' for i in range(1, 26)]
    # flips: the full file's, restricted to the category (never leaving it)
    assert ours['flip_indices'] == full['flip_indices'][:25]
    flip = ours['flip_indices']
    assert [flip[i] for i in flip] == list(range(25))
    assert ours['flip_pairs'] and all(
        ours['sigmas'][a] == ours['sigmas'][b] for a, b in ours['flip_pairs'])
    np.testing.assert_allclose(ours['sigmas'],
                               DEEPFASHION2_CATEGORY_BY_ID[1]['sigmas'])
    full_links = {tuple(link) for link in full['skeleton_links']}
    assert ours['num_skeleton_links'] == 26
    assert all(tuple(link) in full_links for link in ours['skeleton_links'])


def test_several_categories_side_by_side(df2_root):
    # skirt (8 slots) then short sleeved shirt (25): MetaCloth's base model
    categories = (9, 1)
    expected = [
        a for a in _annotations(df2_root) if a['category_id'] in categories
    ]
    assert {a['category_id'] for a in expected} == set(categories)
    dataset = DeepFashion2CategoryDataset(
        category=categories, data_root=df2_root, ann_file=ANN_FILE,
        metainfo=categories_metainfo(categories))
    assert len(dataset) == len(expected)
    for info, ann in zip(dataset, expected):
        slots = np.array(ann['keypoints'], np.float32).reshape(-1, 3)
        own = CATEGORY_SLICES[ann['category_id']]
        offset = 0 if ann['category_id'] == 9 else 8
        assert info['keypoints'].shape == (1, 33, 2)
        kept = info['keypoints_visible'][0]
        np.testing.assert_array_equal(
            kept[offset:offset + own.stop - own.start],
            np.minimum(slots[own, 2], 1))
        # the other category's slots are unlabelled
        assert kept.sum() == np.count_nonzero(slots[own, 2])
    with pytest.raises(ValueError, match=r'category=\(9, 1\) \(skirt, '
                       r'short_sleeved_shirt\) has 33'):
        _dataset(df2_root, category=categories)
    with pytest.raises(ValueError, match='or several, got'):
        _dataset(df2_root, category=())


def test_metainfo_matches_the_layout_graph():
    graph_file = metainfo(
        'deepfashion2_short_sleeved_shirt_layout_graph')['from_file']
    ours = parse_pose_metainfo(metainfo('deepfashion2_short_sleeved_shirt'))
    LayoutGraph.from_cfg(dict(from_file=graph_file)).check_landmarks(
        [ours['keypoint_id2name'][i] for i in range(25)])


def test_metainfo_count_must_match_the_category(df2_root):
    with pytest.raises(ValueError,
                       match=r'metainfo \(.*deepfashion_full.py\) has 8 '
                       r'keypoints but category=1 \(short_sleeved_shirt\) '
                       'has 25'):
        _dataset(df2_root, name='deepfashion_full')
    # checked before loading, lazily initialised or not
    with pytest.raises(ValueError, match='25 keypoints but category=2 '
                       r'\(long_sleeved_shirt\) has 33'):
        _dataset(df2_root, category=2, lazy_init=True)
    with pytest.raises(ValueError, match='294 keypoints but category=1'):
        DeepFashion2CategoryDataset(
            category=1, data_root=df2_root, ann_file=ANN_FILE)
    with pytest.raises(ValueError, match='category must be a DeepFashion2 '
                       'category id .* got 14'):
        _dataset(df2_root, category=14)


def test_lgr_config_data_and_keypoint_ap(df2_root):
    """The LGR per-category config's validation data and metric: the ground
    truth scored as the prediction gives COCO keypoint AP 1."""
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'lgr', 'lgr_vgg16-stack4_'
                 'deepfashion2-short-sleeved-shirt-224x224.py'))
    dataset = DATASETS.build(
        dict(cfg.val_dataloader.dataset, data_root=df2_root,
             ann_file=ANN_FILE))
    metric = METRICS.build(cfg.val_evaluator)
    metric.dataset_meta = dataset.metainfo
    samples = []
    for i in range(len(dataset)):
        sample = dataset[i]['data_samples']
        assert sample.gt_instances.keypoints.shape == (1, 25, 2)
        sample.pred_instances = InstanceData(
            keypoints=sample.gt_instances.keypoints.copy(),
            keypoint_scores=np.ones((1, 25), np.float32),
            bboxes=sample.gt_instances.bboxes,
            bbox_scores=np.ones(1, np.float32))
        samples.append(sample.to_dict())
    metric.process([], samples)
    assert metric.compute_metrics(metric.results)['AP'] == pytest.approx(1)
