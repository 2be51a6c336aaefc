"""Every training config of the package runs with NonFiniteLossGuardHook and
CrashSafeCheckpointHook, so the methods to come cannot forget them; the one
exception says so in its name (``-unguarded``: the composite-fields study's
failing recipe without our measures, an experiment on the guard itself)."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import HOOKS, init_default_scope

import mmfashion_lm  # noqa: F401
from mmfashion_lm.engine.hooks import (CrashSafeCheckpointHook,
                                       NonFiniteLossGuardHook)
from ...conftest import REPO_ROOT

CONFIGS = sorted(
    path for path in glob.glob(
        osp.join(REPO_ROOT, 'configs', '**', '*.py'), recursive=True)
    if '_base_' not in osp.relpath(path, REPO_ROOT).split(osp.sep))


def _name(path):
    return osp.relpath(path, osp.join(REPO_ROOT, 'configs'))


def test_configs_found():
    assert len(CONFIGS) > 10


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_training_config_has_guard(path):
    cfg = Config.fromfile(path)
    if cfg.get('train_dataloader') is None:
        pytest.skip('not a training config')
    assert 'mmfashion_lm' in cfg.custom_imports['imports']
    # built as the Runner builds custom hooks: in the config's scope
    init_default_scope(cfg.default_scope)
    hooks = [HOOKS.build(hook) for hook in cfg.get('custom_hooks', [])]
    checkpoint = HOOKS.build(cfg.default_hooks.checkpoint)
    assert isinstance(checkpoint, CrashSafeCheckpointHook), (
        'default_hooks.checkpoint must be CrashSafeCheckpointHook (from '
        'configs/_base_/default_runtime.py)')
    guards = [
        hook for hook in hooks if isinstance(hook, NonFiniteLossGuardHook)
    ]
    if '-unguarded' in osp.basename(path):
        assert not guards
        return
    assert len(guards) == 1, (
        'custom_hooks must hold one NonFiniteLossGuardHook (from '
        'configs/_base_/default_runtime.py); keep it when overriding '
        'custom_hooks')
    assert guards[0].max_consecutive_skips == 10
