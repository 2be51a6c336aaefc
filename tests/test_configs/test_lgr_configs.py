"""The configs of configs/lgr/: every one builds its model (no checkpoint
loaded) and runs loss and predict at its own input size (and backward at
the small size); the layout graph of each matches its landmarks, and a graph
that does not fails at build time. The paper-size configs are set up as the
LGR paper (Yu et al., CVPR 2019, Sec. 4.1) trains: no pre-trained weights
(except the *imagenet* variants), Adam lr 1e-3, batch 16, 224x224, lr x0.1
every 20 epochs on FLD and every 10 on DeepFashion, early stopping on the
validation NE, and the W_p orthogonality penalty with a positive weight."""
import functools
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import EarlyStoppingHook
from mmengine.logging import MMLogger
from mmengine.registry import HOOKS, PARAM_SCHEDULERS, init_default_scope
from mmpose.registry import METRICS, MODELS

import mmfashion_lm  # noqa: F401
from mmfashion_lm.structures import LayoutGraphError
from ..conftest import REPO_ROOT
from .pose_batch import pose_batch


def _name(path):
    return osp.splitext(osp.basename(path))[0]


CONFIG_DIR = osp.join(REPO_ROOT, 'configs', 'lgr')
CONFIGS = sorted(glob.glob(osp.join(CONFIG_DIR, '*.py')))
SYNTHETIC_FLD = 'lgr_res18-stack4_synthfashion-fld-128x128'
# the paper trains without pre-trained weights; the *imagenet* configs are
# the ImageNet-initialised variants
IMAGENET = [path for path in CONFIGS if 'imagenet' in _name(path)]
FROM_SCRATCH = [path for path in CONFIGS if path not in IMAGENET]
# the paper's per-dataset schedule (Sec. 4.1): lr x0.1 every N epochs
DECAY_EVERY = {'_fld-224x224': 20, '_deepfashion-c-224x224': 10}
PAPER_SCHEDULE = [
    path for path in CONFIGS
    if any(_name(path).endswith(suffix) for suffix in DECAY_EVERY)
]


def _decay_every(path):
    return next(n for suffix, n in DECAY_EVERY.items()
                if _name(path).endswith(suffix))


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


def _without_init_cfg(value):
    if isinstance(value, dict):
        return {k: _without_init_cfg(v) for k, v in value.items()
                if k != 'init_cfg'}
    if isinstance(value, (list, tuple)):
        return [_without_init_cfg(v) for v in value]
    return value


def _model_key(cfg):
    """The model's config without its initialisation (not run here): the
    *imagenet* variants and the DeepFashion-C twins of FLD configs share the
    model of another config."""
    return repr(_without_init_cfg(cfg.model.to_dict())) + repr(cfg.codec)


def _pretrained(value):
    """Whether a ``Pretrained`` init (or a checkpoint path) appears anywhere
    in ``value``."""
    if isinstance(value, dict):
        if value.get('type') == 'Pretrained' or value.get('pretrained'):
            return True
        return any(_pretrained(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_pretrained(v) for v in value)
    return False


_RUN_MODELS = set()


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_builds_and_runs(path):
    cfg = _config(_name(path))
    assert cfg.default_scope == 'mmpose'
    assert cfg.custom_imports['imports'] == ['mmfashion_lm']
    key = _model_key(cfg)
    if key in _RUN_MODELS:
        # the same model as a config built and run already (DeepFashion-C
        # and FLD twins, *imagenet* variants): not built again
        return
    _RUN_MODELS.add(key)
    model = _build(cfg.model)
    lgr = model.backbone.plugins[0] if len(model.backbone.plugins) else None
    if lgr is not None:
        # the graph's leaves are the landmarks, in heatmap order
        # (LGRPoseEstimator checks it at build time)
        id2name = _build_metainfo(cfg)['keypoint_id2name']
        assert list(lgr.graph.leaf_names) == [
            id2name[i] for i in range(cfg.model.head.out_channels)
        ]
    orthogonality = getattr(lgr, 'orthogonality_weight', 0) > 0

    torch.manual_seed(0)
    if cfg.codec['input_size'][0] >= 224:
        # paper size: one image, loss without backward (the small configs
        # check the gradients of the same modules)
        inputs, samples = _pose_batch(cfg, 1)
        model.train()
        with torch.no_grad():
            losses = model.loss(inputs, samples)
        assert torch.isfinite(losses['loss_kpt'])
        # the W_p penalty is in the loss, 0 at the initialisation
        assert ('loss_orth' in losses) == orthogonality
        if orthogonality:
            assert float(losses['loss_orth']) == pytest.approx(0, abs=1e-6)
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


@pytest.mark.parametrize('path', FROM_SCRATCH, ids=_name)
def test_paper_configs_load_no_pretrained_weights(path):
    """The paper trains "without any pre-trained models" (Sec. 4.1)."""
    cfg = _config(_name(path))
    assert not _pretrained(cfg.model.to_dict())
    assert cfg.get('load_from') is None
    assert not cfg.get('resume', False)


@pytest.mark.parametrize('path', IMAGENET, ids=_name)
def test_imagenet_configs_load_imagenet_weights(path):
    """An *imagenet* config is its from-scratch namesake plus the backbone's
    ImageNet weights, nothing else."""
    cfg = _config(_name(path))
    backbone_init = cfg.model.backbone.init_cfg
    assert backbone_init['type'] == 'Pretrained'
    scratch = _config(_name(path).replace('-imagenet', ''))
    assert not _pretrained(scratch.model.to_dict())
    assert _model_key(cfg) == _model_key(scratch)
    for key in ('train_cfg', 'optim_wrapper', 'param_scheduler',
                'default_hooks', 'train_dataloader', 'val_dataloader'):
        assert cfg[key] == scratch[key], key


def _lr_per_epoch(scheduler_cfg, lr, epochs):
    """The lr of every epoch under ``scheduler_cfg`` (epoch-based)."""
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.Adam([param], lr=lr)
    scheduler = PARAM_SCHEDULERS.build(
        dict(scheduler_cfg, optimizer=optimizer))
    lrs = []
    for _ in range(epochs):
        lrs.append(optimizer.param_groups[0]['lr'])
        optimizer.step()
        scheduler.step()
    return lrs


@pytest.mark.parametrize('path', PAPER_SCHEDULE, ids=_name)
def test_paper_schedule(path):
    """Sec. 4.1: Adam, lr 1e-3, betas (0.9, 0.999), batch 16, 224x224 crops;
    lr x0.1 every 20 epochs on FLD, every 10 on DeepFashion; training
    stopped when the validation NE no longer improves."""
    cfg = _config(_name(path))
    every = _decay_every(path)
    optimizer = cfg.optim_wrapper.optimizer
    assert optimizer.type == 'Adam'
    assert optimizer.lr == 1e-3
    assert tuple(optimizer.betas) == (0.9, 0.999)
    assert cfg.train_dataloader.batch_size == 16
    assert cfg.auto_scale_lr.base_batch_size == 16
    assert tuple(cfg.codec['input_size']) == (224, 224)
    # the box is the crop (no padding) in training and evaluation
    for pipeline in (cfg.train_dataloader.dataset.pipeline,
                     cfg.val_dataloader.dataset.pipeline):
        paddings = [t['padding'] for t in pipeline
                    if t['type'] == 'GetBBoxCenterScale']
        assert paddings == [1.]

    # one scheduler, no warm-up: lr 1e-3 from the first epoch, x0.1 every
    # `every` epochs
    assert isinstance(cfg.param_scheduler, dict)
    max_epochs = cfg.train_cfg.max_epochs
    lrs = _lr_per_epoch(cfg.param_scheduler, optimizer.lr, max_epochs)
    assert lrs == pytest.approx(
        [1e-3 * 0.1**(epoch // every) for epoch in range(max_epochs)])
    assert max_epochs % every == 0
    assert cfg.train_cfg.val_interval == 1

    # early stopping on the validation NE that FashionNEMetric logs
    hook = HOOKS.build(cfg.default_hooks.early_stopping)
    assert isinstance(hook, EarlyStoppingHook)
    assert (hook.monitor, hook.rule) == ('NE', 'less')
    assert hook.strict
    assert hook.patience == every
    assert cfg.default_hooks.checkpoint.save_best == hook.monitor
    metric = METRICS.build(cfg.val_evaluator)
    assert type(metric).__name__ == 'FashionNEMetric'
    assert metric.prefix is None  # its keys are logged as they are: 'NE'


@pytest.mark.parametrize('path', [p for p in CONFIGS if '224x224' in p],
                         ids=_name)
def test_early_stopping_monitors_the_best_checkpoint_key(path):
    """Every paper-size config stops early on the metric its best
    checkpoint is chosen by ('NE' lower, DeepFashion2's 'deepfashion2/AP'
    higher), validating every epoch."""
    cfg = _config(_name(path))
    hook = HOOKS.build(cfg.default_hooks.early_stopping)
    assert isinstance(hook, EarlyStoppingHook)
    checkpoint = cfg.default_hooks.checkpoint
    assert (hook.monitor, hook.rule) == (checkpoint.save_best,
                                         checkpoint.rule)
    assert hook.strict and hook.patience >= 1
    assert 0 < abs(hook.min_delta) <= 1e-3
    assert cfg.train_cfg.val_interval == 1


class _Loop:
    stop_training = False


class _Runner:
    """What EarlyStoppingHook uses of the runner."""

    def __init__(self):
        self.train_loop = _Loop()
        self.logger = MMLogger.get_current_instance()


def test_early_stopping_counts_only_real_improvements():
    """The hook as configured: a drop of NE by at least min_delta (1e-4)
    below the best so far resets the count, anything else counts towards
    the patience (mmengine's default min_delta, 0.1, would count every
    validation of an NE around 0.04 as no improvement)."""
    cfg = _config('lgr_vgg16-stack4_deepfashion-c-224x224')
    hook = HOOKS.build(cfg.default_hooks.early_stopping)
    runner = _Runner()
    hook.before_run(runner)
    ne = 0.05
    for _ in range(3 * hook.patience):  # steady improvements: never stops
        ne -= 2e-4
        hook.after_val_epoch(runner, dict(NE=ne))
    assert not runner.train_loop.stop_training
    for i in range(hook.patience):  # less than min_delta in all: none
        ne -= 0.5e-4 / hook.patience
        assert not runner.train_loop.stop_training, i
        hook.after_val_epoch(runner, dict(NE=ne))
    assert runner.train_loop.stop_training


@pytest.mark.parametrize('path', [p for p in CONFIGS if '224x224' in p],
                         ids=_name)
def test_orthogonality_weight(path):
    """W_p^T W_p = I (Sec. 3.3.2) as a penalty with a positive weight
    wherever there is a W_p (the LGR layers' clustering); none in the GCN
    ablation and the graph-free baseline."""
    model = _config(_name(path)).model
    plugins = model.backbone.get('plugins') or []
    lgr = plugins[0].cfg if plugins else None
    if lgr is not None and lgr.type == 'LGRStack':
        assert model.type == 'LGRPoseEstimator'
        assert lgr.orthogonality_weight > 0
    else:
        assert (lgr or {}).get('orthogonality_weight', 0) == 0


def test_dataset_twins_share_the_model():
    """The DeepFashion-C ablations and baseline are their FLD namesakes'
    models, on DeepFashion-C's data and schedule."""
    twins = [
        path for path in CONFIGS
        if _name(path).endswith('_deepfashion-c-224x224')
    ]
    names = {_name(path) for path in twins}
    for n in (1, 2, 4, 6, 8):
        assert f'lgr_vgg16-gcn{n}_deepfashion-c-224x224' in names
    for name in ('lgr_vgg16-stack4-level1', 'lgr_vgg16-stack4-level2',
                 'lgr_vgg16-base', 'lgr_vgg16-stack4'):
        assert f'{name}_deepfashion-c-224x224' in names
    for path in twins:
        fld = _config(_name(path).replace('_deepfashion-c-', '_fld-'))
        cfg = _config(_name(path))
        assert _model_key(cfg) == _model_key(fld)
        assert cfg.train_dataloader.dataset.type == 'NonEmptyCombinedDataset'
        assert fld.train_dataloader.dataset.type == 'DeepFashionDataset'


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
    ).model.backbone.plugins[0].cfg.layout_graph.to_dict()
    cfg['backbone']['plugins'][0]['cfg']['layout_graph'] = graph
    with pytest.raises(LayoutGraphError, match='25'):
        _build(cfg)


def test_malformed_graph_fails_at_build():
    full = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo',
                 'deepfashion_full_layout_graph.py')).layout_graph.to_dict()
    cfg = _config(SYNTHETIC_FLD).model.to_dict()

    orphan = dict(full, levels=[dict(full['levels'][0])] + full['levels'][1:])
    nodes = dict(orphan['levels'][0]['nodes'])
    nodes['hem'] = ['left hem']  # 'right hem' loses its parent
    orphan['levels'][0] = dict(orphan['levels'][0], nodes=nodes)
    cfg['backbone']['plugins'][0]['cfg']['layout_graph'] = orphan
    with pytest.raises(LayoutGraphError, match='right hem'):
        _build(cfg)

    dangling = dict(full, leaf_edges=dict(full['leaf_edges']))
    dangling['leaf_edges']['kinematic'] = list(
        full['leaf_edges']['kinematic']) + [('left collar', 'left pocket')]
    cfg['backbone']['plugins'][0]['cfg']['layout_graph'] = dangling
    with pytest.raises(LayoutGraphError, match='left pocket'):
        _build(cfg)
