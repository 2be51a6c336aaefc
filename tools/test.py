r"""Test (evaluate) a checkpoint with an mmengine config.

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--out FILE]
        [--show-dir DIR] [--show] [--wait-time SECONDS]
        [--cfg-options KEY=VALUE ...] [--launcher {none,pytorch,slurm,mpi}]

The metrics of the config's ``test_evaluator`` on its ``test_dataloader``
are printed and logged to ``<work dir>/<timestamp>/``. Example, in a clone
after ``make baseline-demo``:

    python tools/test.py \
        configs/baseline/td-hm_res18_synthfashion-fld-96x96.py \
        work_dirs/baseline_demo/epoch_12.pth \
        --work-dir work_dirs/baseline_demo \
        --out work_dirs/baseline_demo/results.pkl \
        --show-dir "$PWD/work_dirs/baseline_demo/vis"

Several processes: ``tools/dist_test.sh`` (passes ``--launcher pytorch``).
"""
import argparse
import os.path as osp

import mmfashion_lm  # noqa: F401  (compat shims before mmengine's Runner)
from mmengine.config import Config, DictAction

from mmfashion_lm.engine import NonEmptyDataRunner
from mmfashion_lm.utils import (add_launcher_arguments, export_local_rank,
                                setup_cpu_distributed, shutdown_distributed)


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='test config file path (.py)')
    parser.add_argument(
        'checkpoint',
        help='checkpoint file to evaluate (loaded safely: a file that would '
        'run code is refused)')
    parser.add_argument(
        '--work-dir',
        help='directory whose <timestamp>/ subfolder gets the log and the '
        'metrics (default: the config\'s work_dir, else '
        './work_dirs/<config file name without .py>)')
    parser.add_argument(
        '--out',
        help='also dump the predictions to this pickle file (.pkl or '
        '.pickle; written atomically). Default: no dump')
    parser.add_argument(
        '--show-dir',
        help='save every test image with its predicted landmarks drawn into '
        'this directory, as <image name>_<n>.<ext>; a relative path is taken '
        'under <work dir>/<timestamp>/, so give an absolute one to choose '
        'the place. Default: no drawings')
    parser.add_argument(
        '--show',
        action='store_true',
        help='display each test image with its predictions in a window '
        '(needs a display); combines with --show-dir. Default: off')
    parser.add_argument(
        '--wait-time',
        type=float,
        default=1,
        help='seconds each image stays on screen with --show. Default: 1')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, KEY=VALUE pairs (dotted '
        'keys), e.g. test_dataloader.batch_size=8. Default: none')
    add_launcher_arguments(
        parser, 'pytorch (torchrun; tools/dist_test.sh sets it), slurm, mpi')
    args = parser.parse_args()
    export_local_rank(args)
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
    drop_training_hooks(cfg)
    if args.out:
        evaluator = cfg.test_evaluator
        if not isinstance(evaluator, (list, tuple)):
            evaluator = [evaluator]
        cfg.test_evaluator = [
            *evaluator,
            dict(type='DumpResults', out_file_path=args.out)
        ]
    return cfg


def drop_training_hooks(cfg: Config) -> None:
    """Remove the hooks that only make sense while training.

    mmengine's ``EarlyStoppingHook`` (LGR's paper configs) reads the train
    loop in ``before_run``, which ``runner.test()`` calls too: the train
    dataloader would be built, and fail where only the test split exists.
    """
    cfg.default_hooks.pop('early_stopping', None)
    cfg.custom_hooks = [
        hook for hook in cfg.get('custom_hooks', [])
        if hook.get('type') not in ('EarlyStoppingHook',
                                    'mmengine.EarlyStoppingHook')
    ]


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
