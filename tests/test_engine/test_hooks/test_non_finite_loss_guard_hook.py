"""NonFiniteLossGuardHook: skipped steps keep the weights and buffers, are
logged with the non-finite term, and too many in a row stop training."""
import math
import re
import time

import numpy as np
import pytest
import torch
import torch.multiprocessing as mp
import torch.nn.functional as F
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.optim import AmpOptimWrapper, OptimWrapper, OptimWrapperDict
from mmengine.registry import init_default_scope
from mmpose.registry import HOOKS
from torch import nn

from mmfashion_lm.engine.hooks import (NonFiniteLossError,
                                       NonFiniteLossGuardHook)
from ...conftest import free_port
from .toy_training import (FEATURES, ToyRegressor, distributed_worker,
                           toy_runner)

NAN, INF = math.nan, math.inf


def _skipped_iterations(num_iters, skipped):
    """The expected 'changed' pattern: False exactly on ``skipped``."""
    return [i not in skipped for i in range(num_iters)]


def _all_finite(runner):
    return all(
        torch.isfinite(param).all() for param in runner.model.parameters())


@pytest.mark.parametrize(
    'model',
    [dict(bad_losses={2: NAN}), dict(bad_grads={2})],
    ids=['loss', 'grad'])
def test_toy_model_diverges_without_guard(tmp_path, model):
    """The poisoned iterations would ruin the weights: what the guard is for.
    """
    runner = toy_runner(
        str(tmp_path), ToyRegressor(**model), Hook(), num_iters=4)
    runner.train()
    assert not _all_finite(runner)


@pytest.mark.parametrize(
    'factors', [(NAN, NAN, NAN), (INF, NAN, INF)], ids=['nan', 'inf-nan'])
def test_skips_three_non_finite_iterations(tmp_path, factors):
    bad = dict(zip((2, 3, 4), factors))
    runner = toy_runner(
        str(tmp_path),
        ToyRegressor(bad_losses=bad),
        NonFiniteLossGuardHook(),
        num_iters=8)
    runner.train()

    expected = _skipped_iterations(8, bad)
    assert runner.recorder.params_changed() == expected
    assert runner.recorder.buffers_changed() == expected
    assert _all_finite(runner)
    assert len(runner.warnings.messages) == 3
    for in_a_row, (call, factor) in enumerate(bad.items(), 1):
        message = runner.warnings.messages[in_a_row - 1]
        assert message.startswith(f'iteration {call + 1} (epoch 1, batch '
                                  f'{call + 1}): loss_reg={factor};')
        assert 'loss_fit' not in message
        assert f'({in_a_row} in a row, training stops at 10)' in message
    # the non-finite values stay out of the logged running averages
    logged = runner.message_hub.get_scalar('train/loss_reg').data[0]
    assert len(logged) == 5 and np.isfinite(logged).all()
    # the optim wrapper has its own methods back
    assert 'backward' not in vars(runner.optim_wrapper)
    assert 'step' not in vars(runner.optim_wrapper)


def test_skips_non_finite_gradient_norm(tmp_path):
    runner = toy_runner(
        str(tmp_path),
        ToyRegressor(bad_grads={1, 5}),
        NonFiniteLossGuardHook(),
        num_iters=8)
    runner.train()

    assert runner.recorder.params_changed() == _skipped_iterations(8, {1, 5})
    assert runner.recorder.buffers_changed() == _skipped_iterations(8, {1, 5})
    assert _all_finite(runner)
    assert [m.split(';')[0] for m in runner.warnings.messages] == [
        'iteration 2 (epoch 1, batch 2): grad_norm=nan',
        'iteration 6 (epoch 1, batch 6): grad_norm=nan',
    ]
    # the counter was reset by the good iterations in between
    assert '(1 in a row' in runner.warnings.messages[1]


def test_stops_after_default_limit(tmp_path):
    runner = toy_runner(
        str(tmp_path),
        ToyRegressor(bad_losses=dict.fromkeys(range(12), NAN)),
        NonFiniteLossGuardHook(),
        num_iters=12)
    with pytest.raises(NonFiniteLossError) as error:
        runner.train()

    message = str(error.value)
    assert message.startswith('10 consecutive training iterations (1 to 10) '
                              'had a non-finite loss_reg;')
    for advice in ('max_consecutive_skips', 'optim_wrapper.optimizer.lr',
                   'optim_wrapper.clip_grad'):
        assert advice in message
    assert len(runner.warnings.messages) == 10
    assert not any(runner.recorder.params_changed())
    assert not any(runner.recorder.buffers_changed())


@pytest.mark.parametrize(
    'bad, stopped_at',
    [({1, 3, 5}, None),
     ({4, 5}, '2 consecutive training iterations (5 to 6)')])
def test_limit_counts_consecutive_skips(tmp_path, bad, stopped_at):
    runner = toy_runner(
        str(tmp_path),
        ToyRegressor(bad_losses=dict.fromkeys(bad, INF)),
        NonFiniteLossGuardHook(max_consecutive_skips=2),
        num_iters=8)
    if stopped_at is None:
        runner.train()
        assert runner.recorder.params_changed() == _skipped_iterations(8, bad)
    else:
        with pytest.raises(NonFiniteLossError, match=re.escape(stopped_at)):
            runner.train()
        # (the recorder does not see the iteration that raised)
        assert runner.recorder.params_changed() == [True] * 4 + [False]


def test_gradient_accumulation_stays_aligned(tmp_path):
    # Steps on iterations 2, 4, 6, 8. A skipped iteration inside a window
    # (3) only drops its own gradient; one that ends a window (6) drops the
    # window's step.
    runner = toy_runner(
        str(tmp_path),
        ToyRegressor(bad_losses={
            2: NAN,
            5: NAN
        }),
        NonFiniteLossGuardHook(),
        num_iters=8,
        optim_wrapper=dict(
            optimizer=dict(type='SGD', lr=0.1), accumulative_counts=2))
    runner.train()

    assert runner.recorder.params_changed() == [
        False, True, False, True, False, False, False, True
    ]
    assert runner.optim_wrapper.inner_count == 8
    assert _all_finite(runner)


class ToyPair(BaseModel):
    """Two regressors trained by their own optim wrappers ('a' and 'b');
    ``loss_a`` is NaN on the training steps in ``bad``."""

    def __init__(self, bad) -> None:
        super().__init__()
        self.a = nn.Linear(FEATURES, 1)
        self.b = nn.Linear(FEATURES, 1)
        self.bad = bad
        self.calls = 0

    def forward(self, inputs, data_samples=None, mode='tensor'):
        return self.a(inputs), self.b(inputs)

    def train_step(self, data, optim_wrapper):
        data = self.data_preprocessor(data, True)
        pred_a, pred_b = self(**data)
        target = data['data_samples']
        loss_a = F.mse_loss(pred_a.squeeze(1), target)
        if self.calls in self.bad:
            loss_a = loss_a * NAN
        self.calls += 1
        loss_b = F.mse_loss(pred_b.squeeze(1), target)
        optim_wrapper['a'].update_params(loss_a)
        optim_wrapper['b'].update_params(loss_b)
        return dict(loss_a=loss_a.detach(), loss_b=loss_b.detach())


def test_optim_wrapper_dict_guards_each_member(tmp_path):
    model = ToyPair(bad={1})
    optim_wrapper = OptimWrapperDict(
        a=OptimWrapper(torch.optim.SGD(model.a.parameters(), lr=0.1)),
        b=OptimWrapper(torch.optim.SGD(model.b.parameters(), lr=0.1)))
    runner = toy_runner(
        str(tmp_path),
        model,
        NonFiniteLossGuardHook(),
        num_iters=3,
        optim_wrapper=optim_wrapper)
    runner.train()

    changed = [{
        name: not torch.equal(before[name], after[name])
        for name in ('a.weight', 'b.weight')
    } for before, after in zip(runner.recorder.params[:-1],
                               runner.recorder.params[1:])]
    assert changed == [
        dict.fromkeys(('a.weight', 'b.weight'), True),
        {
            'a.weight': False,
            'b.weight': True
        },
        dict.fromkeys(('a.weight', 'b.weight'), True),
    ]
    assert runner.warnings.messages == [
        'iteration 2 (epoch 1, batch 2): loss_a=nan; skipped the optimizer '
        'step of a and kept the weights and buffers (1 in a row, training '
        'stops at 10)'
    ]


def test_amp_checks_the_loss_only(tmp_path, monkeypatch):
    """With AmpOptimWrapper the GradScaler handles overflowing gradients, so
    only the loss is checked. (AMP needs a GPU; on CPU mmengine's check is
    patched and the scaler disables itself, so only the guard is tested.)"""
    monkeypatch.setattr(
        'mmengine.optim.optimizer.amp_optimizer_wrapper.is_cuda_available',
        lambda: True)
    runner = toy_runner(
        str(tmp_path),
        ToyRegressor(bad_losses={2: NAN}, bad_grads={5}),
        NonFiniteLossGuardHook(),
        num_iters=6,
        optim_wrapper=dict(
            type='AmpOptimWrapper',
            dtype='bfloat16',
            optimizer=dict(type='SGD', lr=0.1)))
    runner.train()

    assert isinstance(runner.optim_wrapper, AmpOptimWrapper)
    assert runner.recorder.params_changed()[:5] == _skipped_iterations(5, {2})
    assert len(runner.warnings.messages) == 1
    assert runner.warnings.messages[0].startswith('iteration 3 ')


@pytest.mark.parametrize('value', [0, -3, 2.5, '10', True, None])
def test_rejects_bad_max_consecutive_skips(value):
    with pytest.raises(
            ValueError,
            match='max_consecutive_skips must be a '
            'positive integer'):
        NonFiniteLossGuardHook(max_consecutive_skips=value)


def test_built_from_config():
    init_default_scope('mmpose')
    hook = HOOKS.build(dict(type='NonFiniteLossGuardHook'))
    assert hook.max_consecutive_skips == 10
    with pytest.raises(ValueError, match='max_consecutive_skips'):
        HOOKS.build(
            dict(type='NonFiniteLossGuardHook', max_consecutive_skips=0))


def test_distributed_processes_skip_together(tmp_path):
    """Two gloo processes; a NaN loss on process 1 only (iteration 3) and a
    NaN gradient on process 0 only (iteration 6): both skip both steps, and
    nothing waits forever (60 s collective timeout, 150 s in all)."""
    context = mp.start_processes(
        distributed_worker,
        args=(2, free_port(), str(tmp_path)),
        nprocs=2,
        join=False,
        start_method='spawn')
    deadline = time.monotonic() + 150
    try:
        while not context.join(timeout=5):
            if time.monotonic() > deadline:
                pytest.fail('the distributed run did not finish in 150 s')
    finally:
        for process in context.processes:
            if process.is_alive():
                process.kill()

    results = [torch.load(tmp_path / f'rank{rank}.pth') for rank in (0, 1)]
    expected = _skipped_iterations(8, {2, 5})
    for result in results:
        assert result['params_changed'] == expected
        assert result['buffers_changed'] == expected
    for name, param in results[0]['params'].items():
        assert torch.isfinite(param).all()
        assert torch.equal(param, results[1]['params'][name])
    warnings = results[0]['warnings']
    assert [m.split(' and kept')[0] for m in warnings] == [
        'iteration 3 (epoch 1, batch 3): rank 1: loss_reg=nan; skipped the '
        'optimizer step on all 2 processes',
        'iteration 6 (epoch 1, batch 6): rank 0: grad_norm=nan; rank 1: '
        'grad_norm=nan; skipped the optimizer step on all 2 processes',
    ]
