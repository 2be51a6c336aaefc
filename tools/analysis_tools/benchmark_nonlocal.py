"""Benchmark the literal and the associative (Spatial-Aware) Non-Local block.

    python tools/analysis_tools/benchmark_nonlocal.py [--size H W]
        [--channels C] [--batch B] [--repeats R] [--warmup W]
        [--device DEVICE]

Both forms of :class:`SpatialAwareNonLocal2d` (same weights, same input and
attention map) run forward + backward in one run, interleaved, after a
warm-up; the median time of each is reported. Peak memory is what one
forward + backward allocates above the block's weights and inputs, measured
for each form in a fresh subprocess: on CUDA with
``torch.cuda.max_memory_allocated``, on CPU as the rise of the process's peak
resident set size (VmHWM on Linux, else ``ru_maxrss``), since torch's CPU
tensors are invisible to tracemalloc. The multiply-adds of both forms are
counted analytically: their ratio is the speed-up that arithmetic alone
allows (the literal form also streams its N x N tensors through memory, and
the two forms run at different efficiencies, so the measured ratio can land
on either side of it). The defaults are one block at stride 4 of a 320x320
input (N = 80 x 80 = 6400), C = 256, batch 2. Other processes on the CPU
skew the timings of both forms badly: measure on a quiet machine.

Example (no data or checkpoint needed; a smaller, quicker case):

    python tools/analysis_tools/benchmark_nonlocal.py --size 40 40 --repeats 5
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from typing import Dict, Tuple

import torch

from mmfashion_lm.models.layers import SpatialAwareNonLocal2d

from benchmark_utils import peak_rss

MODES = ('literal', 'associative')


def parse_args():
    parser = argparse.ArgumentParser(
        description='Time and memory of the literal vs associative '
        '(Spatial-Aware) Non-Local block, forward + backward')
    parser.add_argument(
        '--size', type=int, nargs=2, default=[80, 80], metavar=('H', 'W'),
        help='height and width of the block\'s input features, in feature '
        'positions (N = H * W). Default: 80 80 (stride 4 of a 320x320 image)')
    parser.add_argument(
        '--channels', type=int, default=256,
        help='input channels C of the block (its inner channels are C // 2). '
        'Default: 256')
    parser.add_argument(
        '--batch', type=int, default=2, help='batch size. Default: 2')
    parser.add_argument(
        '--repeats', type=int, default=10,
        help='timed forward + backward steps of each form; the median is '
        'reported. Default: 10')
    parser.add_argument(
        '--warmup', type=int, default=2,
        help='untimed forward + backward steps of each form before timing. '
        'Default: 2')
    parser.add_argument(
        '--device', default='cpu',
        help='torch device to run on, e.g. cpu, cuda:0. Default: cpu')
    # internal: measure one form's peak memory (run in a fresh subprocess)
    parser.add_argument(
        '--peak-memory-of', choices=MODES, help=argparse.SUPPRESS)
    return parser.parse_args()


def build(mode: str, args) -> Tuple[SpatialAwareNonLocal2d, torch.Tensor,
                                    torch.Tensor, torch.Tensor]:
    """The block in ``mode``, its inputs and the gradient of its output,
    identical for every mode."""
    torch.manual_seed(0)
    block = SpatialAwareNonLocal2d(args.channels, mode=mode).to(args.device)
    shape = (args.batch, args.channels, *args.size)
    x = torch.randn(shape, device=args.device, requires_grad=True)
    attention = torch.rand(
        args.batch, 1, *args.size, device=args.device)
    # a dense gradient, as a loss further on would give (out.sum() would
    # give a broadcast one)
    grad_out = torch.randn(shape, device=args.device)
    return block, x, attention, grad_out


def train_step(block: SpatialAwareNonLocal2d, x: torch.Tensor,
               attention: torch.Tensor, grad_out: torch.Tensor) -> None:
    block.zero_grad(set_to_none=True)
    x.grad = None
    block(x, attention).backward(grad_out)
    if x.is_cuda:
        torch.cuda.synchronize(x.device)


def median_times(args) -> Dict[str, float]:
    """Median seconds per forward + backward of each form, interleaved so
    that drifts of the machine hit both alike."""
    runs = {mode: build(mode, args) for mode in MODES}
    for _ in range(args.warmup):
        for mode in MODES:
            train_step(*runs[mode])
    times = {mode: [] for mode in MODES}
    for _ in range(args.repeats):
        for mode in MODES:
            start = time.perf_counter()
            train_step(*runs[mode])
            times[mode].append(time.perf_counter() - start)
    return {mode: statistics.median(ts) for mode, ts in times.items()}


def peak_memory(mode: str, args) -> int:
    """Bytes one forward + backward of ``mode`` allocates above its weights
    and inputs. Run in a fresh process: the peak RSS never goes down."""
    block, x, attention, grad_out = build(mode, args)
    if x.is_cuda:
        torch.cuda.reset_peak_memory_stats(x.device)
        baseline = torch.cuda.memory_allocated(x.device)
        train_step(block, x, attention, grad_out)
        return torch.cuda.max_memory_allocated(x.device) - baseline
    # load the kernels and the allocator's first pools before the baseline
    small = (slice(None), slice(None), slice(8), slice(8))
    train_step(block, x[small].detach().requires_grad_(), attention[small],
               grad_out[small])
    baseline = peak_rss()
    train_step(block, x, attention, grad_out)
    return peak_rss() - baseline


def peak_memory_in_subprocess(mode: str) -> int:
    proc = subprocess.run(
        [sys.executable, __file__, *sys.argv[1:], '--peak-memory-of', mode],
        stdout=subprocess.PIPE,
        text=True,
        check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])['peak_bytes']


def multiply_adds(num_positions: int, channels: int,
                  inner_channels: int) -> Dict[str, int]:
    """Multiply-adds of one image's forward pass. The backward pass of every
    conv and matmul costs twice its forward, so the ratios hold for forward +
    backward. Element-wise work (attention, norm, residual) is left out."""
    n, c, ci = num_positions, channels, inner_channels
    return dict(
        # theta, phi and g (C -> C') and W (C' -> C): 1x1 convs
        shared=4 * n * c * ci,
        # the affinity Q^T K (N x C' x N), then V A^T (C' x N x N)
        literal=2 * n * n * ci,
        # the context V K^T (C' x N x C'), then context Q (C' x C' x N)
        associative=2 * n * ci * ci)


def main():
    args = parse_args()
    if args.peak_memory_of:
        print(json.dumps(
            dict(peak_bytes=peak_memory(args.peak_memory_of, args))))
        return

    # memory first: the children start before this process has grown
    memory = {mode: peak_memory_in_subprocess(mode) for mode in MODES}
    times = median_times(args)
    height, width = args.size
    inner_channels = SpatialAwareNonLocal2d(args.channels).inner_channels
    macs = multiply_adds(height * width, args.channels, inner_channels)
    block_macs = {mode: macs['shared'] + macs[mode] for mode in MODES}

    threads = (f', {torch.get_num_threads()} threads'
               if args.device == 'cpu' else '')
    print(f'(Spatial-Aware) Non-Local block, forward + backward, float32: '
          f'batch {args.batch}, C {args.channels}, C\' {inner_channels}, '
          f'{height}x{width} (N {height * width}), {args.device}{threads}')
    print(f'{"":34s}{"literal":>12s}{"associative":>14s}'
          f'{"literal / associative":>24s}')
    rows = [
        (f'time, median of {args.repeats} (ms)',
         {mode: t * 1e3 for mode, t in times.items()}, '.1f'),
        ('peak memory (MiB)',
         {mode: m / 2**20 for mode, m in memory.items()}, '.1f'),
        ('forward GMACs, whole block',
         {mode: m * args.batch / 1e9
          for mode, m in block_macs.items()}, '.3f'),
        ('forward GMACs, aggregation only',
         {mode: macs[mode] * args.batch / 1e9 for mode in MODES}, '.3f'),
    ]
    ratios = []
    for name, values, fmt in rows:
        literal, associative = values['literal'], values['associative']
        ratios.append(literal / associative if associative else float('inf'))
        print(f'{name:34s}{literal:>12{fmt}}{associative:>14{fmt}}'
              f'{ratios[-1]:>23.2f}x')
    print(f'time ratio {ratios[0]:.2f}x, memory ratio {ratios[1]:.2f}x, '
          f'FLOP ratio {ratios[2]:.2f}x (whole block: the time ratio that '
          f'arithmetic alone allows)')


if __name__ == '__main__':
    main()
