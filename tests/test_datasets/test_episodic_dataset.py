"""EpisodicDataset over a tiny synthetic DeepFashion2 set: episodes of one
category, items framed by their box with that category's landmarks."""
from collections import Counter

import pytest
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS

from mmfashion_lm.datasets import EpisodicDataset
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_BY_ID
from ..conftest import deepfashion2_items

SIZE = (32, 32)


@pytest.fixture(scope='module')
def item_dataset(tiny_deepfashion2):
    init_default_scope('mmpose')
    return deepfashion2_items(tiny_deepfashion2, SIZE, (8, 8))


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
            flags = item['data_samples'].gt_instances.keypoints_visibility
            assert flags.shape == (1, num_landmarks)
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
