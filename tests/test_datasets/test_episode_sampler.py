import numpy as np
import pytest

from mmfashion_lm.datasets import KeepCategoryLandmarks
from mmfashion_lm.datasets.episode_sampler import Episode, EpisodeSampler
from mmfashion_lm.datasets.few_shot_benchmarks import (FEW_SHOT_BENCHMARKS,
                                                       few_shot_split)
from mmfashion_lm.datasets.metainfo.deepfashion2 import (CATEGORY_BY_ID,
                                                       CATEGORY_SLICES)


def _items():
    # category 1: images a..f, image a with two garments of category 1;
    # category 2: images a, g, h
    images = ['a', 'a', 'b', 'c', 'd', 'e', 'f', 'a', 'g', 'h']
    categories = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2]
    return categories, images


def test_same_seed_same_episodes_in_any_order():
    categories, images = _items()
    first = EpisodeSampler(categories, images, (1, 2), 2, 3, seed=7)
    second = EpisodeSampler(categories, images, (1, 2), 2, 3, seed=7)
    forward = [first.episode(i) for i in range(20)]
    backward = [second.episode(i) for i in reversed(range(20))][::-1]
    assert forward == backward
    other = EpisodeSampler(categories, images, (1, 2), 2, 3, seed=8)
    assert [other.episode(i) for i in range(20)] != forward


def test_support_and_query_never_share_an_image():
    categories, images = _items()
    sampler = EpisodeSampler(categories, images, (1, 2), 2, 3, seed=0)
    for i in range(200):
        episode = sampler.episode(i)
        assert isinstance(episode, Episode)
        # categories in turn
        assert episode.category == (1, 2)[i % 2]
        assert len(episode.support) == 2
        support = {images[j] for j in episode.support}
        query = [images[j] for j in episode.query]
        assert len(support) == 2 and len(set(query)) == len(query)
        assert not support & set(query)
        assert all(categories[j] == episode.category
                   for j in episode.support + episode.query)
        # category 2 has 3 images: the one beyond the support is the query
        assert len(query) == (3 if episode.category == 1 else 1)


def test_bad_episode_settings_are_clear_errors():
    categories, images = _items()
    with pytest.raises(ValueError, match='category 2 has 3 images'):
        EpisodeSampler(categories, images, (1, 2), 3, 1)
    with pytest.raises(ValueError, match='shots and num_queries'):
        EpisodeSampler(categories, images, (1, ), 0, 1)
    with pytest.raises(ValueError, match='one each per item'):
        EpisodeSampler(categories, images[:-1], (1, ), 1, 1)


def test_benchmarks_split_the_13_categories_six_seen():
    for split in FEW_SHOT_BENCHMARKS.values():
        assert len(split.seen) == 6 and len(split.unseen) == 7
        assert sorted(split.seen + split.unseen) == list(range(1, 14))
    # Table 3: B1's unseen categories; its seen ones have the 112 landmarks
    # of section 4.2's base model; B2 sees the upper-body ones
    assert few_shot_split('B1').unseen == (2, 3, 8, 10, 11, 12, 13)
    assert sum(CATEGORY_BY_ID[c]['num_landmarks']
               for c in few_shot_split('B1').seen) == 112
    assert few_shot_split('B2').seen == (1, 2, 3, 4, 5, 6)
    with pytest.raises(KeyError, match='B1'):
        few_shot_split('B5')


def test_keep_category_landmarks_slices_the_items_slots():
    keypoints = np.arange(294 * 2, dtype=np.float32).reshape(1, 294, 2)
    results = KeepCategoryLandmarks()(
        dict(category_id=np.array(9), keypoints=keypoints,
             keypoints_visible=np.ones((1, 294))))
    skirt = CATEGORY_SLICES[9]
    assert results['num_landmarks'] == 8
    np.testing.assert_array_equal(results['keypoints'],
                                  keypoints[:, skirt.start:skirt.stop])
    with pytest.raises(ValueError, match='1..13, got 14'):
        KeepCategoryLandmarks()(
            dict(category_id=14, keypoints=keypoints,
                 keypoints_visible=np.ones((1, 294))))
    with pytest.raises(ValueError, match='294 DeepFashion2 slots, got 8'):
        KeepCategoryLandmarks()(results)
