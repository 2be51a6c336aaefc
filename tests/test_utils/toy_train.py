"""Start toy trainings through mmengine's Runner, each in a fresh process.

    python tests/test_utils/toy_train.py

reads lines ``WORK_DIR MAX_ITERS LOG`` on stdin. For each it forks a
process that trains :class:`ToyModel` in ``WORK_DIR`` (resuming from its
``last_checkpoint`` when there is one), saving a checkpoint every
iteration, its output going to ``LOG``; it prints ``started PID``, then
``ended PID STATUS`` once that process is gone (STATUS is its exit code,
or minus the signal that killed it). Importing the stack takes most of a
start on a busy machine; done once here, before any fork, a test can kill
and resume trainings many times (``test_interrupted_training.py``). The
16 MB checkpoints (one 2048 x 2048 linear layer) take long enough to write
that the test can kill a process in the middle of a save.
"""
import os
import sys
import traceback

import mmfashion_lm  # noqa: F401  (atomic writes, safe loading)
import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner

from mmfashion_lm.engine.hooks import CrashSafeCheckpointHook

WIDTH = 2048


class ToyModel(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(WIDTH, WIDTH)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(inputs)
        if mode == 'loss':
            return {'loss': out.pow(2).mean()}
        return out


def train(work_dir: str, max_iters: int) -> None:
    runner = Runner(
        model=ToyModel(),
        work_dir=work_dir,
        train_dataloader=dict(
            dataset=[dict(inputs=torch.ones(WIDTH))] * 4,
            sampler=dict(type='DefaultSampler', shuffle=False),
            batch_size=2,
            collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=1e-6)),
        train_cfg=dict(by_epoch=False, max_iters=max_iters),
        default_hooks=dict(
            # max_keep_ckpts=1: every save also removes the previous one
            checkpoint=CrashSafeCheckpointHook(
                by_epoch=False, interval=1, max_keep_ckpts=1),
            logger=dict(type='LoggerHook', interval=1)),
        resume=True,
        default_scope='mmengine',
        randomness=dict(seed=0))
    runner.train()


def run_child(work_dir: str, max_iters: int, log: str) -> None:
    """In the forked process: train with the output in ``log``, then exit
    without returning to the parent's loop."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    status = 0
    try:
        train(work_dir, max_iters)
    except BaseException:
        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main():
    for line in sys.stdin:
        work_dir, max_iters, log = line.split()
        pid = os.fork()
        if pid == 0:
            run_child(work_dir, int(max_iters), log)
        print('started', pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print('ended', pid, os.waitstatus_to_exitcode(status), flush=True)


if __name__ == '__main__':
    main()
