"""EpisodicDataset over a tiny synthetic DeepFashion2 set: episodes of one
category, items framed by their box with that category's landmarks."""
import os.path as osp
from collections import Counter

import pytest
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS

from mmfashion_lm.datasets import EpisodicDataset
from mmfashion_lm.datasets.converters import convert_deepfashion2
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_BY_ID
from mmfashion_lm.datasets.synthetic import generate_synthfashion

SIZE = (32, 32)


@pytest.fixture(scope='module')
def item_dataset(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('episodes') / 'synth')
    generate_synthfashion(
        root, 40, seed=5, image_size=(64, 64), layouts=('deepfashion2', ))
    df2 = osp.join(root, 'deepfashion2')
    assert not convert_deepfashion2(df2, osp.join(df2, 'annotations')).skipped
    init_default_scope('mmpose')
    codec = dict(type='MSRAHeatmap', input_size=SIZE, heatmap_size=(8, 8),
                 sigma=1)
    return dict(
        type='DeepFashion2Dataset',
        data_root=df2 + '/',
        ann_file='annotations/deepfashion2_train.json',
        data_prefix=dict(img=''),
        pipeline=[
            dict(type='LoadImage'),
            dict(type='GetBBoxCenterScale', padding=1.0),
            dict(type='TopdownBoxResize', input_size=SIZE),
            dict(type='KeepCategoryLandmarks'),
            dict(type='GenerateTarget', encoder=codec),
            dict(type='PackPoseInputs')
        ])


def test_episodes_hold_one_category_and_its_landmarks(item_dataset):
    items = DATASETS.build(item_dataset)
    counts = Counter(
        int(items.get_data_info(i)['category_id']) for i in range(len(items)))
    categories = [c for c, n in counts.most_common(2)]
    assert counts[categories[1]] >= 3
    dataset = EpisodicDataset(
        item_dataset, shots=2, num_queries=3, num_episodes=4,
        categories=categories, seed=1)
    assert len(dataset) == 4
    for i in range(4):
        episode = dataset[i]
        assert episode['category'] == categories[i % 2]
        num_landmarks = CATEGORY_BY_ID[episode['category']]['num_landmarks']
        assert len(episode['support']) == 2 and episode['query']
        images = [item['data_samples'].img_path for item in
                  episode['support'] + episode['query']]
        assert len(set(images)) == len(images)
        for item in episode['support'] + episode['query']:
            assert item['inputs'].shape == (3, 32, 32)
            heatmaps = item['data_samples'].gt_fields.heatmaps
            assert heatmaps.shape == (num_landmarks, 8, 8)
    again = EpisodicDataset(
        item_dataset, shots=2, num_queries=3, num_episodes=4,
        categories=categories, seed=1)
    assert [p['data_samples'].img_path for p in again[3]['query']] == \
        [p['data_samples'].img_path for p in dataset[3]['query']]


def test_benchmark_split_or_categories_not_both(item_dataset):
    with pytest.raises(ValueError, match='either benchmark'):
        EpisodicDataset(item_dataset, 1, 1, 1, benchmark='B1',
                        categories=(1, ))
    with pytest.raises(ValueError, match='split must be'):
        EpisodicDataset(item_dataset, 1, 1, 1, benchmark='B1', split='val')
