"""mmpose's dataset classes, and ours, on the converters' json through a
top-down pipeline."""
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope
from mmpose.datasets import DeepFashion2Dataset, DeepFashionDataset

from mmfashion_lm.datasets import DeepFashionCADataset
from mmfashion_lm.evaluation.metrics import CategoryAttributeMetric
from mmfashion_lm.datasets.converters import convert_deepfashion2, convert_fld
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_BY_ID
from ..conftest import REPO_ROOT, requires_shared_data
from .native_fixtures import (DF_EXPECTED_KEYPOINTS, DF_GOOD,
                              build_deepfashion2, build_fld)

pytestmark = requires_shared_data

METAINFO_DIR = osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo')
CODEC = dict(
    type='MSRAHeatmap', input_size=(64, 64), heatmap_size=(16, 16), sigma=2)


@pytest.fixture(autouse=True)
def mmpose_scope():
    init_default_scope('mmpose')


def topdown_pipeline(pack='PackPoseInputs'):
    return [
        dict(type='LoadImage'),
        dict(type='GetBBoxCenterScale', padding=1.25),
        dict(type='TopdownAffine', input_size=CODEC['input_size']),
        dict(type='GenerateTarget', encoder=CODEC),
        dict(type=pack),
    ]


def metainfo(name):
    # An absolute path: mmpose silently falls back to its own file of the
    # same name when a relative one does not resolve from the cwd.
    return dict(from_file=osp.join(METAINFO_DIR, f'{name}.py'))


def check_packed(packed, num_keypoints, expected_keypoints):
    assert packed['inputs'].shape == (3, 64, 64)
    sample = packed['data_samples']
    assert sample.gt_fields.heatmaps.shape == (num_keypoints, 16, 16)
    assert sample.gt_instance_labels.keypoint_weights.shape == (1,
                                                                num_keypoints)
    expected = np.array(expected_keypoints, np.float32).reshape(1, -1, 3)
    np.testing.assert_array_equal(sample.gt_instances.keypoints,
                                  expected[..., :2])
    np.testing.assert_array_equal(sample.gt_instances.keypoints_visible,
                                  np.minimum(expected[..., 2], 1))
    # A landmark absent in the ground truth carries no training weight.
    weights = sample.gt_instance_labels.keypoint_weights.numpy()
    assert (weights[expected[..., 2] == 0] == 0).all()
    return sample


@pytest.mark.parametrize('name', list(DF_GOOD))
def test_deepfashion_dataset(deepfashion_root, name):
    row = DF_GOOD[name]
    subset = {1: 'upper', 2: 'lower', 3: 'full'}[row['clothes_type']]
    dataset = DeepFashionDataset(
        subset=subset,
        ann_file=f'annotations/deepfashion_{subset}_{row["split"]}.json',
        data_root=deepfashion_root,
        metainfo=metainfo(f'deepfashion_{subset}'),
        pipeline=topdown_pipeline())
    num_keypoints = {'upper': 6, 'lower': 4, 'full': 8}[subset]
    assert len(dataset) == 1
    assert dataset.metainfo['num_keypoints'] == num_keypoints
    sample = check_packed(dataset[0], num_keypoints,
                          DF_EXPECTED_KEYPOINTS[name])
    assert sample.img_path == osp.join(deepfashion_root, name)
    assert sample.raw_ann_info['category_label'] == row['category'] - 1


@pytest.mark.parametrize('with_target', [True, False])
def test_deepfashion_ca_dataset(deepfashion_root, with_target):
    """The garment labels reach the data sample, in the fields that
    CategoryAttributeMetric reads, with or without GenerateTarget."""
    name = 'img/Blouse/img_00000001.jpg'
    pipeline = topdown_pipeline(pack='PackFashionInputs')
    if not with_target:
        pipeline.pop(3)
    dataset = DeepFashionCADataset(
        subset='upper',
        ann_file='annotations/deepfashion_upper_train.json',
        attribute_file='Anno/list_attr_cloth.txt',
        data_root=deepfashion_root,
        metainfo=metainfo('deepfashion_upper'),
        pipeline=pipeline)
    info = dataset.get_data_info(0)
    assert info['category_label'].shape == (1, )
    assert info['attribute_labels'].shape == (1, 1000)
    meta = dataset.metainfo
    assert meta['attribute_names'][:3] == [
        'a-line', 'abstract', 'abstract chevron'
    ]
    assert meta['attribute_groups'][:3].tolist() == [3, 1, 1]
    assert meta['attribute_groups'].shape == (1000, )

    sample = dataset[0]['data_samples']
    assert sample.gt_category_label.tolist() == [DF_GOOD[name]['category'] - 1]
    assert sample.gt_category_label.dtype == torch.int64
    assert sample.gt_attribute_label.shape == (1000, )
    assert sample.gt_attribute_label.nonzero()[:, 0].tolist() == [0, 5, 999]
    assert ('gt_fields' in sample) == with_target

    # What the metric receives: the sample as a dict, with predictions.
    sample.pred_category_score = torch.arange(50.)
    sample.pred_attribute_score = sample.gt_attribute_label
    metric = CategoryAttributeMetric(topk=(1, ), attr_topk=(3, ))
    metric.dataset_meta = meta
    metric.process([], [sample.to_dict()])
    result = metric.compute_metrics(metric.results)
    assert result['category_accuracy/top1'] == 0
    assert result['attribute_recall/top3'] == 1


def test_deepfashion_ca_dataset_bottomup(deepfashion_root):
    dataset = DeepFashionCADataset(
        subset='full',
        data_mode='bottomup',
        ann_file='annotations/deepfashion_full_test.json',
        data_root=deepfashion_root,
        metainfo=metainfo('deepfashion_full'))
    info = dataset.get_data_info(0)
    assert info['keypoints'].shape == (1, 8, 2)
    assert info['category_label'].tolist() == [40]
    assert info['attribute_labels'].shape == (1, 1000)


def test_deepfashion_ca_dataset_needs_labels(tmp_path):
    root = str(tmp_path)
    build_fld(root)
    convert_fld(root, osp.join(root, 'annotations'))
    with pytest.raises(KeyError, match='deepfashion_to_coco.py'):
        DeepFashionCADataset(
            subset='full',
            ann_file='annotations/fld_train.json',
            data_root=root,
            metainfo=metainfo('deepfashion_full'))


def test_fld_with_deepfashion_dataset(tmp_path):
    root = str(tmp_path)
    build_fld(root)
    convert_fld(root, osp.join(root, 'annotations'))
    dataset = DeepFashionDataset(
        subset='full',
        ann_file='annotations/fld_val.json',
        data_root=root,
        metainfo=metainfo('deepfashion_full'),
        pipeline=topdown_pipeline())
    # The lower-body garment: collars and sleeves absent.
    check_packed(dataset[0], 8, [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 30, 2, 140, 30, 1, 40, 240, 2,
        160, 240, 2
    ])


def test_deepfashion2_dataset(tmp_path):
    root = str(tmp_path)
    build_deepfashion2(root)
    convert_deepfashion2(root, osp.join(root, 'annotations'))
    dataset = DeepFashion2Dataset(
        ann_file='annotations/deepfashion2_train.json',
        data_root=root,
        metainfo=metainfo('deepfashion2'),
        pipeline=topdown_pipeline())
    assert len(dataset) == 2
    assert dataset.metainfo['sigmas'].shape == (294, )

    for index, category in enumerate([1, 8]):
        first = CATEGORY_BY_ID[category]['start']
        last = CATEGORY_BY_ID[category]['end']
        sample = dataset[index]['data_samples']
        assert sample.category_id == category
        assert sample.gt_fields.heatmaps.shape == (294, 16, 16)
        visible = sample.gt_instances.keypoints_visible[0]
        assert visible[first:last].any()
        assert not visible[:first].any() and not visible[last:].any()
