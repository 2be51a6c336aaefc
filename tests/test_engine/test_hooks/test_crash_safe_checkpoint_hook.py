"""CrashSafeCheckpointHook: a save that does not complete removes no older
checkpoint; a resumed run continues the best-checkpoint bookkeeping (the
best score and file, including the validation of the resumed checkpoint's
own epoch)."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.evaluator import BaseMetric
from mmengine.model import BaseModel
from mmengine.runner import Runner

from mmfashion_lm.utils import load_local_checkpoint

import mmfashion_lm  # noqa: F401


class TinyModel(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(inputs)
        if mode == 'loss':
            return {'loss': out.pow(2).mean()}
        if mode == 'predict':
            return [out]
        return out


class ScriptedError(BaseMetric):
    """Reports the next of ``scores`` at each validation (lower is better)."""

    def __init__(self, scores):
        super().__init__()
        self.scores = list(scores)

    def process(self, data_batch, data_samples):
        self.results.append(0)

    def compute_metrics(self, results):
        return {'NE': self.scores.pop(0)}


def _train(work_dir,
           max_epochs,
           scores,
           name,
           resume_from=None,
           hook_type='CrashSafeCheckpointHook',
           max_keep_ckpts=-1):
    loader = dict(
        dataset=[dict(inputs=torch.ones(2))] * 2,
        sampler=dict(type='DefaultSampler', shuffle=False),
        batch_size=2,
        collate_fn=dict(type='default_collate'))
    runner = Runner(
        model=TinyModel(),
        work_dir=work_dir,
        experiment_name=name,
        train_dataloader=loader,
        val_dataloader=loader,
        val_evaluator=[ScriptedError(scores)],
        train_cfg=dict(by_epoch=True, max_epochs=max_epochs, val_interval=1),
        val_cfg=dict(),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(
            checkpoint=dict(
                type=hook_type,
                interval=1,
                save_best='NE',
                rule='less',
                max_keep_ckpts=max_keep_ckpts)),
        load_from=resume_from,
        resume=resume_from is not None,
        default_scope='mmpose')
    runner.train()
    return runner


def _files(work_dir, pattern='*.pth'):
    return sorted(
        osp.basename(p) for p in glob.glob(osp.join(work_dir, pattern)))


def _best_files(work_dir):
    return _files(work_dir, 'best_*.pth')


def test_keeps_as_many_checkpoints_as_asked(tmp_path):
    work_dir = str(tmp_path)
    _train(work_dir, 3, [5, 3, 4], 'keep', max_keep_ckpts=1)
    assert _files(work_dir) == ['best_NE_epoch_2.pth', 'epoch_3.pth']


@pytest.mark.parametrize('hook_type, kept', [
    ('CrashSafeCheckpointHook', ['epoch_1.pth']),
    # mmengine's hook removes epoch_1.pth before it writes epoch_2.pth
    ('CheckpointHook', []),
])
def test_failed_save_removes_nothing(tmp_path, monkeypatch, hook_type, kept):
    """A save that fails (a full disk; a killed process stops at the same
    point) leaves the previous checkpoint, which last_checkpoint names."""
    save_checkpoint = Runner.save_checkpoint

    def fail_at_epoch_2(runner, out_dir, filename, *args, **kwargs):
        if filename == 'epoch_2.pth':
            raise OSError('No space left on device')
        return save_checkpoint(runner, out_dir, filename, *args, **kwargs)

    monkeypatch.setattr(Runner, 'save_checkpoint', fail_at_epoch_2)
    work_dir = str(tmp_path)
    with pytest.raises(OSError, match='No space left'):
        _train(
            work_dir,
            2, [5, 3],
            f'{hook_type}_full_disk',
            hook_type=hook_type,
            max_keep_ckpts=1)
    assert _files(work_dir, 'epoch_*.pth') == kept
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        last = f.read().strip()
    assert last == osp.join(work_dir, 'epoch_1.pth')
    if kept:
        assert load_local_checkpoint(last)['meta']['epoch'] == 1


def test_resume_keeps_best_of_the_last_validation(tmp_path):
    work_dir = str(tmp_path)
    _train(work_dir, 2, [5, 3], 'first')
    assert _best_files(work_dir) == ['best_NE_epoch_2.pth']

    runner = _train(work_dir, 4, [4, 1], 'resumed',
                    resume_from=osp.join(work_dir, 'epoch_2.pth'))
    assert runner.iter == 4
    # epoch 2 (NE 3) stays the best through epoch 3 (NE 4); epoch 4 (NE 1)
    # replaces it and its file
    assert _best_files(work_dir) == ['best_NE_epoch_4.pth']
    assert runner.message_hub.get_info('best_score') == 1


def test_resume_from_an_older_checkpoint_keeps_its_bookkeeping(tmp_path):
    work_dir = str(tmp_path)
    _train(work_dir, 3, [5, 3, 2], 'older_first')
    runner = _train(work_dir, 2, [9], 'older_resumed',
                    resume_from=osp.join(work_dir, 'epoch_1.pth'))
    # epoch 2 of the resumed run (NE 9) is worse than epoch 1's 5
    assert runner.message_hub.get_info('best_score') == 5
