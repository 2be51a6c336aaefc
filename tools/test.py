"""Test (evaluate) a checkpoint with an mmengine config.

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--out FILE]
        [--show-dir DIR] [--show] [--cfg-options KEY=VALUE ...]
        [--launcher {none,pytorch,slurm,mpi}]
"""
import argparse
import os
import os.path as osp

import mmfashion_lm  # noqa: F401  (compat shims before mmengine's Runner)
from mmengine.config import Config, DictAction

from mmfashion_lm.engine import NonEmptyDataRunner
from mmfashion_lm.utils import setup_cpu_distributed, shutdown_distributed


def parse_args():
    parser = argparse.ArgumentParser(description='Test (and eval) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--work-dir', help='the directory to save the evaluation metrics')
    parser.add_argument(
        '--out',
        help='dump the predictions to this pickle file (written atomically)')
    parser.add_argument(
        '--show-dir',
        help='where images with predictions drawn are saved; a relative '
        'path is taken under <work dir>/<timestamp>/')
    parser.add_argument(
        '--show', action='store_true', help='display prediction results')
    parser.add_argument(
        '--wait-time', type=float, default=1, help='display time in seconds')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, key=value')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merge_args(cfg: Config, args) -> Config:
    """Apply the command-line options to the config."""
    cfg.launcher = args.launcher
    cfg.load_from = args.checkpoint
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.show or args.show_dir:
        hook = cfg.default_hooks.visualization
        hook.enable = True
        hook.show = args.show
        hook.wait_time = args.wait_time
        if args.show_dir:
            hook.out_dir = args.show_dir
        hook.interval = 1
    if args.out:
        evaluator = cfg.test_evaluator
        if not isinstance(evaluator, (list, tuple)):
            evaluator = [evaluator]
        cfg.test_evaluator = [
            *evaluator,
            dict(type='DumpResults', out_file_path=args.out)
        ]
    return cfg


def main():
    args = parse_args()
    if args.out and not args.out.endswith(('.pkl', '.pickle')):
        raise SystemExit(f'--out must be a .pkl or .pickle file, got '
                         f'"{args.out}"')
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    cfg = merge_args(cfg, args)
    setup_cpu_distributed(cfg, args.launcher)
    runner = NonEmptyDataRunner.from_cfg(cfg)
    runner.test()
    shutdown_distributed()


if __name__ == '__main__':
    main()
