"""MetaTrainLoop and EpisodicTestLoop run by mmengine's Runner over tiny
synthetic episodes: tasks counted, every shot count tested and reported."""
import math
from collections import Counter
from unittest.mock import MagicMock

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmpose.registry import DATASETS

import mmfashion_lm  # noqa: F401
from mmfashion_lm.engine import MetaTrainLoop
from ..conftest import deepfashion2_items
from ..test_models.test_pose_estimators.test_few_shot_detectors import (
    HEATMAP, SIZE, metacloth_config)


@pytest.fixture(scope='module')
def categories_and_items(tiny_deepfashion2):
    init_default_scope('mmpose')
    items = deepfashion2_items(tiny_deepfashion2, SIZE, HEATMAP)
    built = DATASETS.build(items)
    counts = Counter(
        int(built.get_data_info(i)['category_id']) for i in range(len(built)))
    return tuple(c for c, _ in counts.most_common(2)), items


def episodes(items, categories, num_episodes):
    return dict(
        batch_size=2,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
        collate_fn=dict(type='episode_collate'),
        dataset=dict(
            type='EpisodicDataset',
            dataset=items,
            categories=categories,
            shots=1,
            num_queries=2,
            num_episodes=num_episodes))


def test_meta_train_then_episodic_test(categories_and_items, tmp_path):
    categories, items = categories_and_items
    cfg = Config(
        dict(
            default_scope='mmpose',
            work_dir=str(tmp_path),
            model=metacloth_config('ppnet', categories),
            train_dataloader=episodes(items, categories, 3),
            train_cfg=dict(type='MetaTrainLoop', max_tasks=3),
            optim_wrapper=dict(optimizer=dict(type='Adam', lr=1e-3)),
            test_dataloader=episodes(items, categories, 4),
            test_cfg=dict(type='EpisodicTestLoop', shots=(1, 2)),
            test_evaluator=dict(type='EpisodicLandmarkMetric'),
            default_hooks=dict(
                checkpoint=dict(type='CheckpointHook', interval=10)),
            log_processor=dict(by_epoch=False),
            env_cfg=dict(dist_cfg=dict(backend='gloo'))))
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == math.ceil(3 / 2)  # two episodes a batch
    metrics = runner.test()
    for k in (1, 2):
        assert 0 <= metrics[f'NE@{k}shot']
        assert 0 <= metrics[f'PCK@{k}shot'] <= 1
        assert f'NE@{k}shot_ci95' in metrics
    assert runner.test_loop.dataloader.dataset.sampler.shots == 2


def test_meta_training_needs_episodes():
    runner = MagicMock()
    with pytest.raises(TypeError, match='EpisodicDataset'):
        MetaTrainLoop(runner, MagicMock(batch_size=1, dataset=[1, 2]),
                      max_tasks=2)
    with pytest.raises(ValueError, match='max_tasks'):
        MetaTrainLoop(runner, dict(batch_size=1), max_tasks=0)
