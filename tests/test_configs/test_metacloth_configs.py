"""The configs of configs/metacloth/: every one builds its model (no
checkpoint loaded), the base model M over B1's 112 seen landmarks with the
paper's FENet (ResNet + ten convolutions and two deconvolutions, 512
channels), the small one runs loss, backward and predict; the PPNet and
meta-FENet stages with the paper's settings (section 4.2), the baselines on
the same episodes."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.datasets.datasets.utils import parse_pose_metainfo
from mmpose.registry import MODELS
from mmpose.testing import get_packed_inputs

import mmfashion_lm  # noqa: F401
from mmfashion_lm.datasets.few_shot_benchmarks import few_shot_split
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_BY_ID
from ..conftest import REPO_ROOT

CONFIGS = sorted(
    glob.glob(osp.join(REPO_ROOT, 'configs', 'metacloth', 'base-model_*.py')))
FEW_SHOT_CONFIGS = sorted(
    set(glob.glob(osp.join(REPO_ROOT, 'configs', 'metacloth', '*.py'))) -
    set(CONFIGS))


def _name(path):
    return osp.splitext(osp.basename(path))[0]


def _benchmark(path):
    """'B1' for a config named ..._deepfashion2-b1-..."""
    return _name(path).split('deepfashion2-')[1][:2].upper()


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_builds(path):
    cfg = Config.fromfile(path)
    init_default_scope('mmpose')
    model = MODELS.build(cfg.model)
    split = few_shot_split(_benchmark(path))
    num_landmarks = sum(
        CATEGORY_BY_ID[c]['num_landmarks'] for c in split.seen)
    assert model.head.out_channels == num_landmarks
    assert model.metainfo['num_keypoints'] == num_landmarks
    assert cfg.train_dataloader.dataset.category == split.seen
    if 'res50' in _name(path):
        assert cfg.model.backbone.init_cfg.checkpoint == \
            'torchvision://resnet50'
        assert cfg.codec.input_size == (384, 384)
        assert cfg.optim_wrapper.optimizer.lr == 0.01
        assert cfg.param_scheduler[0].milestones == [10, 15]
        convs = [m for m in model.neck.modules()
                 if isinstance(m, torch.nn.Conv2d)]
        assert len(convs) == 10 and model.neck.out_channels == 512
        return
    width, height = cfg.codec.input_size
    inputs = get_packed_inputs(
        2, num_keypoints=num_landmarks, img_shape=(height, width),
        input_size=(width, height), heatmap_size=cfg.codec.heatmap_size,
        with_simcc_label=False)
    data = model.data_preprocessor(inputs, training=True)
    losses = model.loss(data['inputs'], data['data_samples'])
    losses['loss_kpt'].backward()
    assert torch.isfinite(losses['loss_kpt'])
    for sample in data['data_samples']:
        sample.set_metainfo(dict(ori_shape=(height, width)))
    model.eval()
    with torch.no_grad():
        results = model.predict(data['inputs'], data['data_samples'])
    assert results[0].pred_instances.keypoints.shape == (1, num_landmarks,
                                                         2)


@pytest.mark.parametrize('benchmark', ['B1', 'B2', 'B3', 'B4'])
def test_seen_metainfo_files(benchmark):
    info = parse_pose_metainfo(
        dict(from_file=osp.join(
            REPO_ROOT, 'configs', '_base_', 'metainfo',
            f'deepfashion2_{benchmark.lower()}_seen.py')))
    seen = few_shot_split(benchmark).seen
    assert info['num_keypoints'] == sum(
        CATEGORY_BY_ID[c]['num_landmarks'] for c in seen)
    # flips stay within the landmarks
    assert sorted(info['flip_indices']) == list(range(info['num_keypoints']))


@pytest.mark.parametrize('path', FEW_SHOT_CONFIGS, ids=_name)
def test_few_shot_config_builds(path):
    cfg = Config.fromfile(path)
    init_default_scope('mmpose')
    model = MODELS.build(cfg.model)
    assert cfg.test_cfg.type == 'EpisodicTestLoop'
    test_set = cfg.test_dataloader.dataset
    benchmark = _benchmark(path)
    assert (test_set.benchmark, test_set.split) == (benchmark, 'unseen')
    if cfg.model.type in ('FineTuneBaseline', 'PrototypeBaseline'):
        assert cfg.train_dataloader is None
        return
    assert cfg.train_cfg.type == 'MetaTrainLoop'
    if cfg.model.type in ('MAMLLandmarkDetector', 'WeightGeneratorBaseline'):
        if cfg.model.type == 'MAMLLandmarkDetector':
            # section 4.3.2: as many detectors as the most landmarks, 39
            assert model.detectors.shape[0] == 39
        assert f'deepfashion2-{benchmark.lower()}-' in \
            cfg.model.fenet.init_cfg.checkpoint
        return
    stage = _name(path).split('_')[0].replace('-', '_')
    assert model.stage == stage
    train_set = cfg.train_dataloader.dataset
    assert (train_set.benchmark, train_set.split) == (benchmark, 'seen')
    seen = few_shot_split(benchmark).seen
    assert tuple(model.base_slices) == seen
    assert model.base_detectors.out_channels == sum(
        CATEGORY_BY_ID[c]['num_landmarks'] for c in seen)
    checkpoint = cfg.model.base_checkpoint or cfg.load_from
    assert f'deepfashion2-{benchmark.lower()}-' in checkpoint
    if 'res50' not in _name(path):
        return
    # section 4.2: 40,000 tasks each; PPNet at 0.002, x0.1 at 20,000; 12
    # inner steps at beta1 = 0.01, beta2 = 2e-4; 700 test episodes (100 per
    # unseen category) of 24 queries, 1 / 3 / 5 / 8 / 10 shots
    assert cfg.train_cfg.max_tasks == 40000
    assert model.adaptation == dict(steps=12, lr=0.01, first_order=False)
    assert cfg.codec.input_size == (384, 384)
    assert model.ppnet.layers[-1].out_features == 512
    assert (test_set.num_episodes, test_set.num_queries) == (700, 24)
    assert cfg.test_cfg.shots == (1, 3, 5, 8, 10)
    if stage == 'ppnet':
        assert cfg.optim_wrapper.optimizer.lr == 0.002
        assert cfg.param_scheduler[0].milestones == [20000]
    else:
        assert cfg.optim_wrapper.optimizer.lr == 2e-4
        assert 'ppnet' in cfg.load_from
