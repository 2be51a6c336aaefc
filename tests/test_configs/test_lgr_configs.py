"""The configs of configs/lgr/: every one builds its model (no checkpoint
loaded) and runs loss and predict at its own input size (and backward at
the small size); the layout graph of each matches its landmarks, and a graph
that does not fails at build time."""
import functools
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.registry import MODELS

import mmfashion_lm  # noqa: F401
from mmfashion_lm.models.layers import LayoutGraphError
from ..conftest import REPO_ROOT
from .pose_batch import pose_batch

CONFIG_DIR = osp.join(REPO_ROOT, 'configs', 'lgr')
CONFIGS = sorted(glob.glob(osp.join(CONFIG_DIR, '*.py')))
SYNTHETIC_FLD = 'lgr_res18-stack4_synthfashion-fld-128x128'


def _name(path):
    return osp.splitext(osp.basename(path))[0]


@functools.lru_cache(maxsize=None)
def _config(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name + '.py'))


def _build(model_cfg):
    """The model, without init_weights: no ImageNet download."""
    init_default_scope('mmpose')
    return MODELS.build(model_cfg)


def _pose_batch(cfg, batch_size):
    """The flip pairs come from the model's metainfo."""
    return pose_batch(cfg.codec, _build_metainfo(cfg)['flip_indices'],
                      (0, 1), batch_size)


def _build_metainfo(cfg):
    from mmpose.datasets.datasets.utils import parse_pose_metainfo
    return parse_pose_metainfo(cfg.model.metainfo.to_dict())


def _model_key(cfg):
    return cfg.model.to_dict().__repr__() + repr(cfg.codec)


_RUN_MODELS = set()


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_builds_and_runs(path):
    cfg = _config(_name(path))
    assert cfg.default_scope == 'mmpose'
    assert cfg.custom_imports['imports'] == ['mmfashion_lm']
    model = _build(cfg.model)
    lgr = model.backbone.lgr
    if lgr is not None:
        # the graph's leaves are the landmarks, in heatmap order
        # (LGRPoseEstimator checks it at build time)
        id2name = _build_metainfo(cfg)['keypoint_id2name']
        assert list(lgr.graph.leaf_names) == [
            id2name[i] for i in range(cfg.model.head.out_channels)
        ]
    key = _model_key(cfg)
    if key in _RUN_MODELS:  # DeepFashion-C and FLD twins share a model
        return
    _RUN_MODELS.add(key)

    torch.manual_seed(0)
    if cfg.codec['input_size'][0] >= 224:
        # paper size: one image, loss without backward (the small configs
        # check the gradients of the same modules)
        inputs, samples = _pose_batch(cfg, 1)
        model.train()
        with torch.no_grad():
            losses = model.loss(inputs, samples)
        assert torch.isfinite(losses['loss_kpt'])
    else:
        inputs, samples = _pose_batch(cfg, 2)
        model.train()
        losses = model.loss(inputs, samples)
        loss = sum(v for k, v in losses.items() if k.startswith('loss'))
        assert torch.isfinite(loss)
        loss.backward()
        if lgr is not None:
            assert all(p.grad is not None for p in lgr.parameters())

    model.eval()
    with torch.no_grad():
        results = model.predict(inputs[:1], samples[:1])
    keypoints = results[0].pred_instances.keypoints
    width, height = cfg.codec['input_size']
    assert keypoints.shape == (1, cfg.model.head.out_channels, 2)
    assert np.all((keypoints >= 0) & (keypoints <= [width - 1, height - 1]))


def test_leaf_count_mismatch_fails_at_build():
    cfg = _config(SYNTHETIC_FLD).model.to_dict()
    cfg['head']['out_channels'] = 7
    with pytest.raises(LayoutGraphError, match='out_channels'):
        _build(cfg)


def test_graph_of_another_layout_fails_at_build():
    """The DeepFashion2 short-sleeve graph (25 leaves) on the FLD model."""
    cfg = _config(SYNTHETIC_FLD).model.to_dict()
    graph = _config(
        'lgr_vgg16-stack4_deepfashion2-short-sleeved-shirt-224x224'
    ).model.backbone.lgr.layout_graph.to_dict()
    cfg['backbone']['lgr']['layout_graph'] = graph
    with pytest.raises(LayoutGraphError, match='25'):
        _build(cfg)


def test_malformed_graph_fails_at_build():
    full = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', '_base_', 'datasets',
                 'deepfashion_full_layout_graph.py')).layout_graph.to_dict()
    cfg = _config(SYNTHETIC_FLD).model.to_dict()

    orphan = dict(full, levels=[dict(full['levels'][0])] + full['levels'][1:])
    nodes = dict(orphan['levels'][0]['nodes'])
    nodes['hem'] = ['left hem']  # 'right hem' loses its parent
    orphan['levels'][0] = dict(orphan['levels'][0], nodes=nodes)
    cfg['backbone']['lgr']['layout_graph'] = orphan
    with pytest.raises(LayoutGraphError, match='right hem'):
        _build(cfg)

    dangling = dict(full, leaf_edges=dict(full['leaf_edges']))
    dangling['leaf_edges']['kinematic'] = list(
        full['leaf_edges']['kinematic']) + [('left collar', 'left pocket')]
    cfg['backbone']['lgr']['layout_graph'] = dangling
    with pytest.raises(LayoutGraphError, match='left pocket'):
        _build(cfg)
