"""The whole data path on the embedded default: synthetic native files ->
converters -> COCO-style json -> mmpose's dataset classes -> pipelines."""
import os.path as osp

import pytest
from mmpose.datasets import DeepFashion2Dataset, DeepFashionDataset

from mmfashion_lm.datasets import DeepFashionCADataset
from mmfashion_lm.datasets.converters import (convert_deepfashion,
                                              convert_deepfashion2,
                                              convert_fld)
from mmfashion_lm.datasets.synthetic import generate_synthfashion
from .test_fashion_datasets import metainfo, mmpose_scope  # noqa: F401
from .test_fashion_datasets import topdown_pipeline

NUM_IMAGES = 40


@pytest.fixture(scope='module')
def synth_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('synthfashion'))
    generate_synthfashion(root, NUM_IMAGES, seed=1, image_size=(96, 96))
    reports = [
        convert(osp.join(root, layout), osp.join(root, layout, 'annotations'))
        for convert, layout in ((convert_deepfashion, 'deepfashion'),
                                (convert_fld, 'fld'),
                                (convert_deepfashion2, 'deepfashion2'))
    ]
    # what the generator writes, the converters read without a complaint
    # (skipped counts rows per reason)
    assert all(not report.skipped for report in reports)
    return root


def _check_first(dataset, num_keypoints):
    assert len(dataset) > 0
    packed = dataset[0]
    assert packed['inputs'].shape == (3, 64, 64)
    sample = packed['data_samples']
    assert sample.gt_fields.heatmaps.shape == (num_keypoints, 16, 16)
    assert sample.gt_instances.keypoints.shape == (1, num_keypoints, 2)
    return sample


@pytest.mark.parametrize('subset, num_keypoints', [('upper', 6),
                                                   ('lower', 4),
                                                   ('full', 8)])
def test_deepfashion_subsets(synth_root, subset, num_keypoints):
    dataset = DeepFashionDataset(
        subset=subset,
        data_root=osp.join(synth_root, 'deepfashion'),
        ann_file=f'annotations/deepfashion_{subset}_train.json',
        metainfo=metainfo(f'deepfashion_{subset}'),
        pipeline=topdown_pipeline())
    _check_first(dataset, num_keypoints)


def test_deepfashion_categories_and_attributes(synth_root):
    dataset = DeepFashionCADataset(
        subset='upper',
        data_root=osp.join(synth_root, 'deepfashion'),
        ann_file='annotations/deepfashion_upper_train.json',
        attribute_file='Anno/list_attr_cloth.txt',
        metainfo=metainfo('deepfashion_upper'),
        pipeline=topdown_pipeline(pack='PackFashionInputs'))
    sample = _check_first(dataset, 6)
    assert 0 <= int(sample.gt_category_label) < 50
    assert sample.gt_attribute_label.shape == (1000, )
    assert sample.gt_attribute_label.sum() >= 1


def test_fld(synth_root):
    dataset = DeepFashionDataset(
        subset='full',
        data_root=osp.join(synth_root, 'fld'),
        ann_file='annotations/fld_train.json',
        metainfo=metainfo('deepfashion_full'),
        pipeline=topdown_pipeline())
    _check_first(dataset, 8)


def test_deepfashion2(synth_root):
    dataset = DeepFashion2Dataset(
        data_root=osp.join(synth_root, 'deepfashion2'),
        ann_file='annotations/deepfashion2_train.json',
        data_prefix=dict(img=''),
        metainfo=metainfo('deepfashion2'),
        pipeline=topdown_pipeline())
    sample = _check_first(dataset, 294)
    # only the item's own category slice is labelled
    labelled = sample.gt_instances.keypoints_visible[0] > 0
    assert 0 < labelled.sum() <= 39
