"""A tiny mmengine training run whose loss or gradients go non-finite on
chosen iterations, for the tests of ``NonFiniteLossGuardHook``.

A module of its own (not the test file) so that the processes of the
distributed test can import it.
"""
import logging
import os
import uuid
from datetime import timedelta
from typing import Dict, Iterable, List, Optional

import torch
import torch.distributed as torch_dist
import torch.nn.functional as F
from mmengine.hooks import Hook
from mmengine.model import BaseModel, is_model_wrapper
from mmengine.runner import Runner
from torch import Tensor, nn
from torch.utils.data import DataLoader

FEATURES = 3
BATCH_SIZE = 4


class ToyRegressor(BaseModel):
    """Linear -> BatchNorm -> linear regressor with two loss terms.

    On the training forward calls (0-based, one per iteration) listed in
    ``bad_losses`` the term ``loss_reg`` is multiplied by the given value
    (NaN or inf), so back-propagating it would make every weight NaN; on
    those in ``bad_grads`` the loss stays finite but the gradient flowing
    into the BatchNorm output is NaN.

    Args:
        bad_losses (dict[int, float], optional): Call -> factor of
            ``loss_reg``.
        bad_grads (Iterable[int]): Calls with a NaN gradient.
    """

    def __init__(
        self,
        bad_losses: Optional[Dict[int, float]] = None,
        bad_grads: Iterable[int] = ()
    ) -> None:
        super().__init__()
        self.encoder = nn.Linear(FEATURES, 8)
        self.norm = nn.BatchNorm1d(8)
        self.head = nn.Linear(8, 1)
        self.bad_losses = dict(bad_losses or {})
        self.bad_grads = set(bad_grads)
        self.calls = 0

    def forward(self,
                inputs: Tensor,
                data_samples: Optional[Tensor] = None,
                mode: str = 'tensor'):
        feats = self.norm(self.encoder(inputs))
        if mode != 'loss':
            return self.head(feats)
        call = self.calls
        self.calls += 1
        if call in self.bad_grads:
            feats.register_hook(lambda grad: torch.full_like(grad, torch.nan))
        loss_reg = 1e-2 * feats.pow(2).mean() * self.bad_losses.get(call, 1.)
        return dict(
            loss_fit=F.mse_loss(self.head(feats).squeeze(1), data_samples),
            loss_reg=loss_reg)


class StateRecorder(Hook):
    """Copies the model's parameters and buffers before training and after
    every iteration (after all other hooks)."""

    priority = 'LOWEST'

    def __init__(self) -> None:
        self.params: List[Dict[str, Tensor]] = []
        self.buffers: List[Dict[str, Tensor]] = []

    def before_train(self, runner) -> None:
        self._record(runner)

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        self._record(runner)

    def _record(self, runner) -> None:
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        self.params.append({
            k: v.detach().clone()
            for k, v in model.named_parameters()
        })
        self.buffers.append({
            k: v.detach().clone()
            for k, v in model.named_buffers()
        })

    @staticmethod
    def _changed(states: List[Dict[str, Tensor]]) -> List[bool]:
        return [
            any(not torch.equal(before[k], after[k]) for k in before)
            for before, after in zip(states[:-1], states[1:])
        ]

    def params_changed(self) -> List[bool]:
        """Per iteration: did any parameter change?"""
        return self._changed(self.params)

    def buffers_changed(self) -> List[bool]:
        """Per iteration: did any buffer change?"""
        return self._changed(self.buffers)


class ListHandler(logging.Handler):
    """Keeps the messages that NonFiniteLossGuardHook logs."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.module == 'non_finite_loss_guard_hook':
            self.messages.append(record.getMessage())


def toy_loader(num_iters: int, seed: int = 0) -> DataLoader:
    """``num_iters`` batches of random regression samples."""
    generator = torch.Generator().manual_seed(seed)
    samples = [
        dict(
            inputs=torch.randn(FEATURES, generator=generator),
            data_samples=torch.randn((), generator=generator))
        for _ in range(num_iters * BATCH_SIZE)
    ]
    return DataLoader(samples, batch_size=BATCH_SIZE, shuffle=False)


def toy_runner(work_dir: str,
               model: nn.Module,
               guard: Hook,
               num_iters: int,
               optim_wrapper=None,
               **kwargs) -> Runner:
    """A Runner that trains ``model`` for one epoch of ``num_iters``
    iterations with ``guard``, a :class:`StateRecorder` (``runner.recorder``)
    and a :class:`ListHandler` on its logger (``runner.warnings``)."""
    recorder = StateRecorder()
    runner = Runner(
        model=model,
        work_dir=work_dir,
        experiment_name=f'guard-{uuid.uuid4().hex}',
        train_dataloader=toy_loader(num_iters),
        train_cfg=dict(by_epoch=True, max_epochs=1),
        optim_wrapper=optim_wrapper
        or dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9)),
        default_hooks=dict(checkpoint=None),
        custom_hooks=[guard, recorder],
        randomness=dict(seed=0),
        **kwargs)
    runner.recorder = recorder
    runner.warnings = ListHandler()
    runner.logger.addHandler(runner.warnings)
    return runner


def distributed_worker(rank: int, world_size: int, port: int,
                       work_dir: str) -> None:
    """One process of a 2-process gloo run: process 1's loss is NaN on
    iteration 3, process 0's gradients are NaN on iteration 6. Saves what it
    saw to ``work_dir/rank{rank}.pth``."""
    from mmfashion_lm.engine.hooks import NonFiniteLossGuardHook
    from mmfashion_lm.utils import shutdown_distributed

    os.environ.update(
        RANK=str(rank),
        LOCAL_RANK=str(rank),
        WORLD_SIZE=str(world_size),
        MASTER_ADDR='127.0.0.1',
        MASTER_PORT=str(port))
    torch_dist.init_process_group(
        'gloo',
        rank=rank,
        world_size=world_size,
        timeout=timedelta(seconds=60))
    try:
        model = ToyRegressor(
            bad_losses={2: torch.nan} if rank == 1 else None,
            bad_grads={5} if rank == 0 else ())
        runner = toy_runner(
            work_dir,
            model,
            NonFiniteLossGuardHook(),
            num_iters=8,
            launcher='pytorch',
            env_cfg=dict(dist_cfg=dict(backend='gloo')),
            cfg=dict(
                model_wrapper_cfg=dict(
                    type='MMDistributedDataParallel', device_ids=None)))
        runner.train()
        torch.save(
            dict(
                params_changed=runner.recorder.params_changed(),
                buffers_changed=runner.recorder.buffers_changed(),
                params=runner.recorder.params[-1],
                warnings=runner.warnings.messages),
            os.path.join(work_dir, f'rank{rank}.pth'))
    except BaseException:
        torch_dist.destroy_process_group()
        raise
    # the barrier first: a rank that tears its gloo connections down while
    # the other still uses them aborts (docs/reliability.md)
    shutdown_distributed()
