"""Cost of MetaCloth's adaptation per task: second vs first order.

    python tools/analysis_tools/benchmark_metacloth_adaptation.py CONFIG
        [--shots K] [--queries Q] [--steps S] [--repeats R] [--warmup W]
        [--device DEVICE]

One meta-training task of a MetaCloth config's model (Algorithm 1: S inner
steps on K support images, detectors re-predicted, the query loss's
gradient through the steps) in three forms, run interleaved in one run
after a warm-up, median time of each: second order (the paper's), first
order (``adaptation.first_order=True``: the inner steps' gradients as
constants) and the meta-test's adaptation alone (Algorithm 2, no outer
gradient). Peak memory is what one task allocates above the model and its
inputs, measured for each form in a fresh subprocess (CUDA:
``torch.cuda.max_memory_allocated``; CPU: the rise of the peak resident
set size). Random images and targets of the first seen category's
landmarks; no data or checkpoint needed. Other processes on the CPU skew
the timings: measure on a quiet machine.

Example (the small synthetic config, a few seconds a task on 2 cores):

    python tools/analysis_tools/benchmark_metacloth_adaptation.py \\
        configs/metacloth/meta-fenet_res18-small_synthfashion-deepfashion2-\\
b1-128x128.py --repeats 3
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.structures import InstanceData, PixelData
from mmpose.registry import MODELS
from mmpose.structures import PoseDataSample

import mmfashion_lm  # noqa: F401
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_BY_ID

from benchmark_utils import peak_rss, resolve_path, sync

MODES = ('second_order', 'first_order', 'meta_test')


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='a MetaCloth config')
    parser.add_argument('--shots', type=int, default=3,
                        help='support images K (default 3)')
    parser.add_argument('--queries', type=int, default=8,
                        help='query images Q (default 8)')
    parser.add_argument(
        '--steps', type=int,
        help='inner steps (default: the config\'s adaptation.steps)')
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--warmup', type=int, default=1)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--peak-memory-of', choices=MODES,
                        help=argparse.SUPPRESS)
    return parser.parse_args()


def build(args):
    """The model (meta-FENet stage, no checkpoint) and a random task."""
    cfg = Config.fromfile(resolve_path(args.config))
    init_default_scope('mmpose')
    model_cfg = dict(cfg.model, stage='meta_fenet', base_checkpoint=None)
    if args.steps is not None:
        model_cfg['adaptation'] = dict(model_cfg['adaptation'],
                                       steps=args.steps)
    model = MODELS.build(model_cfg).to(args.device).train()
    category = cfg.model.seen_categories[0]
    num_landmarks = CATEGORY_BY_ID[category]['num_landmarks']
    width, height = cfg.model.codec['input_size']
    heatmap_w, heatmap_h = cfg.model.codec['heatmap_size']

    def items(count, shrink=1):
        samples = []
        for _ in range(count):
            sample = PoseDataSample()
            sample.gt_fields = PixelData(heatmaps=torch.rand(
                num_landmarks, heatmap_h // shrink, heatmap_w // shrink,
                device=args.device))
            sample.gt_instance_labels = InstanceData(
                keypoint_weights=torch.ones(1, num_landmarks,
                                            device=args.device))
            samples.append(sample)
        return dict(inputs=torch.randn(count, 3, height // shrink,
                                       width // shrink, device=args.device),
                    data_samples=samples)

    torch.manual_seed(0)
    episode = dict(category=category, support=items(args.shots),
                   query=items(args.queries))
    # one support and one query image at half size: loads the kernels and
    # the allocator's first pools before a memory baseline
    small = dict(category=category, support=items(1, shrink=2),
                 query=items(1, shrink=2))
    return model, episode, small


def run_task(model, episode, mode):
    if mode == 'meta_test':
        with torch.no_grad():
            model.adapt_weights(episode['support'])
        return
    model.adaptation['first_order'] = mode == 'first_order'
    model.episode_loss(episode)['loss_query'].backward()
    model.zero_grad(set_to_none=True)


def peak_memory(mode, args):
    model, episode, small = build(args)
    device = torch.device(args.device)
    run_task(model, small, mode)
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats(device)
        baseline = torch.cuda.memory_allocated(device)
        run_task(model, episode, mode)
        return torch.cuda.max_memory_allocated(device) - baseline
    baseline = peak_rss()
    run_task(model, episode, mode)
    return peak_rss() - baseline


def main():
    args = parse_args()
    if args.peak_memory_of:
        print(json.dumps(dict(peak_bytes=peak_memory(args.peak_memory_of,
                                                      args))))
        return
    memory = {}
    for mode in MODES:
        proc = subprocess.run(
            [sys.executable, __file__, *sys.argv[1:], '--peak-memory-of',
             mode], stdout=subprocess.PIPE, text=True, check=True)
        memory[mode] = json.loads(
            proc.stdout.strip().splitlines()[-1])['peak_bytes']
    model, episode, _ = build(args)
    device = torch.device(args.device)
    for _ in range(args.warmup):
        for mode in MODES:
            run_task(model, episode, mode)
    times = {mode: [] for mode in MODES}
    for _ in range(args.repeats):
        for mode in MODES:
            sync(device)
            start = time.perf_counter()
            run_task(model, episode, mode)
            sync(device)
            times[mode].append(time.perf_counter() - start)
    times = {mode: statistics.median(t) for mode, t in times.items()}
    threads = (f', {torch.get_num_threads()} threads'
               if device.type == 'cpu' else '')
    print(f'MetaCloth task, {args.config}: K {args.shots}, Q {args.queries},'
          f' {model.adaptation["steps"]} inner steps, {device}{threads}')
    print(f'{"":26s}' + ''.join(f'{m:>14s}' for m in MODES) +
          f'{"2nd / 1st":>12s}')
    for name, values, unit in (('time per task (s)', times, 1.),
                               ('peak memory (MiB)', memory, 2**-20)):
        cells = ''.join(f'{values[m] * unit:>14.2f}' for m in MODES)
        ratio = (f"{values['second_order'] / values['first_order']:>11.2f}x"
                 if values['first_order'] > 0 else f'{"n/a":>12s}')
        print(f'{name:26s}{cells}{ratio}')


if __name__ == '__main__':
    main()
