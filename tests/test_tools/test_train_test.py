import ast
import glob
import json
import os.path as osp
import pickle
import sys

import pytest

from ..conftest import (BASELINE_CONFIG, free_port, load_script,
                        requires_shared_data, run, run_tool)

pytestmark = requires_shared_data

# 2 images, batch 2: one iteration per epoch. The LR warms up linearly over
# the first 3 iterations and drops x0.1 after epochs 2 and 4.
SCHEDULE = [
    'param_scheduler.0.end=3',
    'param_scheduler.1.end=6',
    'param_scheduler.1.milestones=[2,4]',
    'train_cfg.val_interval=100',
    'default_hooks.checkpoint.interval=1',
]


def _scalars(work_dir):
    """(step, lr) of every logged training iteration, over all runs."""
    rows = []
    for path in sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                          'scalars.json'))):
        with open(path) as f:
            for line in f:
                record = json.loads(line)
                if 'lr' in record:
                    rows.append((record['step'], record['lr']))
    return rows


def test_train_writes_checkpoint(trained_baseline):
    work_dir, ckpt = trained_baseline
    assert osp.isfile(ckpt)
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        assert f.read().strip() == ckpt
    losses = []
    for path in glob.glob(osp.join(work_dir, '*', 'vis_data',
                                   'scalars.json')):
        with open(path) as f:
            losses += [json.loads(line)['loss'] for line in f
                       if '"loss"' in line]
    assert len(losses) == 30
    # training fits the two images: the loss falls (the heatmap MSE is
    # dominated by background pixels, so 30 iterations move it by ~10%)
    assert sum(losses[-5:]) < 0.95 * sum(losses[:5])


def _uninterrupted_lrs(num_iters):
    """The learning rate of each of ``num_iters`` iterations of the SCHEDULE
    run straight through, from mmengine's own schedulers stepped as
    ParamSchedulerHook steps them (iteration-based ones after every
    iteration, epoch-based ones after every epoch: one iteration here); the
    lr is logged before the steps."""
    import torch
    from mmengine.config import Config
    from mmengine.optim import build_optim_wrapper
    from mmengine.registry import PARAM_SCHEDULERS, init_default_scope
    init_default_scope('mmpose')
    cfg = Config.fromfile(BASELINE_CONFIG)
    cfg.merge_from_dict(
        {
            key: ast.literal_eval(value)
            for key, value in (option.split('=') for option in SCHEDULE)
            if key.startswith('param_scheduler')
        },
        allow_list_keys=True)
    optim_wrapper = build_optim_wrapper(torch.nn.Linear(1, 1),
                                        cfg.optim_wrapper)
    schedulers = [
        PARAM_SCHEDULERS.build(
            dict(scheduler, optimizer=optim_wrapper.optimizer))
        for scheduler in cfg.param_scheduler
    ]
    lrs = []
    for _ in range(num_iters):
        lrs.append(optim_wrapper.optimizer.param_groups[0]['lr'])
        optim_wrapper.optimizer.step()  # no gradient: nothing moves
        for scheduler in sorted(schedulers, key=lambda s: s.by_epoch):
            scheduler.step()
    return lrs


def test_resume_continues_iterations_and_schedule(tmp_path):
    resumed = str(tmp_path / 'resumed')
    run_tool('tools/train.py', BASELINE_CONFIG, '--work-dir', resumed,
             '--cfg-options', 'train_cfg.max_epochs=3', *SCHEDULE)
    proc = run_tool('tools/train.py', BASELINE_CONFIG, '--work-dir', resumed,
                    '--resume', '--cfg-options', 'train_cfg.max_epochs=6',
                    *SCHEDULE)
    assert 'resumed epoch: 3, iter: 3' in proc.stdout

    got = _scalars(resumed)
    assert [step for step, _ in got] == [1, 2, 3, 4, 5, 6]
    for (_, lr_got), lr_expected in zip(got, _uninterrupted_lrs(6)):
        assert abs(lr_expected - lr_got) <= 1e-12 + 1e-6 * lr_expected
    # the schedule really changes over the resumed part
    assert got[5][1] < 0.5 * got[2][1]
    assert osp.isfile(osp.join(resumed, 'epoch_6.pth'))


def test_resume_from_given_checkpoint(trained_baseline, tmp_path):
    _, ckpt = trained_baseline
    work_dir = str(tmp_path / 'from_ckpt')
    proc = run_tool('tools/train.py', BASELINE_CONFIG, '--work-dir',
                    work_dir, '--resume', ckpt, '--cfg-options',
                    'train_cfg.max_epochs=31', 'train_cfg.val_interval=100')
    assert 'resumed epoch: 30, iter: 30' in proc.stdout
    assert osp.isfile(osp.join(work_dir, 'epoch_31.pth'))


def test_resume_second_stage_starts_from_load_from(trained_baseline,
                                                  tmp_path):
    """A second training stage (load_from in its config, like SANL's C2F)
    run with --resume: from load_from while its work dir has no checkpoint,
    from its own latest checkpoint afterwards."""
    _, first_stage = trained_baseline
    work_dir = str(tmp_path / 'second_stage')
    args = ('tools/train.py', BASELINE_CONFIG, '--work-dir', work_dir,
            '--resume', '--cfg-options', f'load_from={first_stage}',
            'train_cfg.val_interval=100',
            'default_hooks.checkpoint.interval=1')
    proc = run_tool(*args, 'train_cfg.max_epochs=1')
    assert f'training from load_from "{first_stage}"' in proc.stdout
    assert f'Load checkpoint from {first_stage}' in proc.stdout
    assert 'resumed epoch' not in proc.stdout

    proc = run_tool(*args, 'train_cfg.max_epochs=2')
    assert 'resumed epoch: 1, iter: 1' in proc.stdout
    assert osp.isfile(osp.join(work_dir, 'epoch_2.pth'))


def test_test_tool_prints_metrics_and_dumps(trained_baseline, tmp_path):
    _, ckpt = trained_baseline
    out = str(tmp_path / 'preds.pkl')
    show_dir = 'vis'
    work_dir = str(tmp_path / 'test')
    proc = run_tool('tools/test.py', BASELINE_CONFIG, ckpt, '--work-dir',
                    work_dir, '--out', out, '--show-dir', show_dir)
    for metric in ('PCK', 'AUC', 'EPE'):
        assert f'{metric}: ' in proc.stdout
    with open(out, 'rb') as f:
        predictions = pickle.load(f)
    assert len(predictions) == 2
    assert predictions[0]['pred_instances']['keypoints'].shape == (1, 8, 2)
    assert not glob.glob(out + '.part*')
    assert len(glob.glob(osp.join(work_dir, '*', show_dir, '*.jpg'))) == 2


def test_amp_on_cpu_is_a_clear_error(tmp_path):
    train = load_script('tools/train.py')
    with pytest.raises(SystemExit, match='--amp needs a GPU'):
        train.main([BASELINE_CONFIG, '--amp', '--work-dir', str(tmp_path)])


def test_dist_train_two_processes_on_cpu(tmp_path):
    work_dir = str(tmp_path / 'dist')
    env = {'PYTHON': sys.executable, 'PORT': str(free_port())}
    proc = run(['bash', 'tools/dist_train.sh', BASELINE_CONFIG, '2',
                '--work-dir', work_dir, '--cfg-options',
                'train_cfg.max_epochs=2', 'train_cfg.val_interval=2',
                'default_hooks.checkpoint.interval=2'], env=env)
    assert 'Distributed launcher: pytorch' in proc.stdout
    assert 'Distributed training: True' in proc.stdout
    # torchrun says this only when it starts more than one process
    assert 'OMP_NUM_THREADS environment variable for each process' in \
        proc.stdout
    assert "device_ids=None, type='MMDistributedDataParallel'" in proc.stdout
    assert osp.isfile(osp.join(work_dir, 'epoch_2.pth'))
    # validation ran over both ranks and was gathered
    assert 'PCK: ' in proc.stdout
    # both processes left the process group before exiting (run() checked
    # the exit status is 0)
    assert 'terminate called' not in proc.stdout


def test_dist_test_two_processes_on_cpu(trained_baseline, tmp_path):
    _, ckpt = trained_baseline
    env = {'PYTHON': sys.executable, 'PORT': str(free_port())}
    proc = run(['bash', 'tools/dist_test.sh', BASELINE_CONFIG, ckpt, '2',
                '--work-dir', str(tmp_path)], env=env)
    assert 'Distributed training: True' in proc.stdout
    assert 'PCK: ' in proc.stdout
    assert 'terminate called' not in proc.stdout


def test_dist_train_that_fails_exits_non_zero(tmp_path):
    env = {'PYTHON': sys.executable, 'PORT': str(free_port())}
    proc = run(['bash', 'tools/dist_train.sh', BASELINE_CONFIG, '2',
                '--work-dir', str(tmp_path), '--cfg-options',
                'train_dataloader.dataset.ann_file=missing.json'],
               env=env, check=False)
    assert proc.returncode != 0
    assert 'missing.json' in proc.stdout
