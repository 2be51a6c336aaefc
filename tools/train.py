r"""Train a model from an mmengine config.

    python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]] [--amp]
        [--auto-scale-lr] [--cfg-options KEY=VALUE ...]
        [--launcher {none,pytorch,slurm,mpi}]

Checkpoints (``epoch_N.pth``, best ones, ``last_checkpoint``) and a copy of
the config go to the work dir, logs to ``<work dir>/<timestamp>/``. Example,
in a clone after ``make data``:

    python tools/train.py \
        configs/baseline/td-hm_res18_synthfashion-fld-96x96.py \
        --work-dir work_dirs/baseline --cfg-options train_cfg.max_epochs=2

Several processes (GPUs, or CPU over gloo): ``tools/dist_train.sh``; a slurm
cluster: ``tools/slurm_train.sh`` (both pass ``--launcher`` themselves).
"""
import argparse
import os.path as osp

import mmfashion_lm  # noqa: F401  (compat shims before mmengine's Runner)
import torch
from mmengine.config import Config, DictAction
from mmengine.logging import print_log
from mmengine.runner import find_latest_checkpoint

from mmfashion_lm.engine import NonEmptyDataRunner
from mmfashion_lm.utils import (add_launcher_arguments, export_local_rank,
                                setup_cpu_distributed, shutdown_distributed)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='train config file path (.py)')
    parser.add_argument(
        '--work-dir',
        help='directory for checkpoints and logs (default: the config\'s '
        'work_dir, else ./work_dirs/<config file name without .py>)')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume training (weights, optimizer, scheduler, epoch) from '
        'the checkpoint CKPT, or, without a path, from the latest one in the '
        'work dir; with none there yet, train as the config says (from its '
        'load_from, if set). Default: no resume')
    parser.add_argument(
        '--amp',
        action='store_true',
        default=False,
        help='train with automatic mixed precision (AmpOptimWrapper, '
        'dynamic loss scale); needs a GPU, refused on a CPU-only machine. '
        'Default: off (float32)')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate by (total batch size over all '
        'processes) / auto_scale_lr.base_batch_size of the config; the '
        'config must set auto_scale_lr. Default: off (the config\'s lr)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, KEY=VALUE pairs (dotted keys, '
        'lists as [a,b]), e.g. train_cfg.max_epochs=2 '
        '"param_scheduler.1.milestones=[1,2]". Default: none')
    add_launcher_arguments(
        parser, 'pytorch (torchrun; tools/dist_train.sh sets it), slurm (srun; '
        'tools/slurm_train.sh sets it), mpi')
    args = parser.parse_args(argv)
    export_local_rank(args)
    return args


def merge_args(cfg: Config, args) -> Config:
    """Apply the command-line options to the config."""
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        if not torch.cuda.is_available():
            raise SystemExit('--amp needs a GPU: mixed precision training '
                             'is not available on this CPU-only machine.')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.resume == 'auto':
        resume_latest(cfg)
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise SystemExit('--auto-scale-lr needs "auto_scale_lr" with '
                             '"base_batch_size" in the config.')
        cfg.auto_scale_lr.enable = True
    return cfg


def resume_latest(cfg: Config) -> None:
    """``--resume`` without a path: resume from the work dir's latest
    checkpoint; where there is none yet, start as the config says.

    Clearing ``load_from`` and leaving the search to mmengine (what mmpose's
    train.py does) would start a second training stage whose work dir is
    still empty (SANL's C2F, which starts from the first stage's weights)
    from random weights, silently.
    """
    latest = find_latest_checkpoint(cfg.work_dir)
    if latest is not None:
        cfg.resume = True
        cfg.load_from = latest
        return
    cfg.resume = False
    start = (f'from load_from "{cfg.load_from}"'
             if cfg.get('load_from') else 'from the start')
    print_log(
        f'--resume: no checkpoint in {cfg.work_dir} yet; training {start}.',
        logger='current')


def main(argv=None):
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    cfg = merge_args(cfg, args)
    setup_cpu_distributed(cfg, args.launcher)
    runner = NonEmptyDataRunner.from_cfg(cfg)
    runner.train()
    shutdown_distributed()


if __name__ == '__main__':
    main()
