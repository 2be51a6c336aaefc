r"""Per-image inference time of LGR with 1, 2 and 3 clustering levels against
2 and 8 plain GCN layers, as ratios, in one run.

    python tools/analysis_tools/benchmark_graph_layers.py
        [--channels C] [--size H W] [--batch B] [--node-channels N]
        [--num-stacks S] [--layout-graph GRAPH_FILE] [--config CONFIG]
        [--skip-model] [--repeats R] [--warmup W] [--device DEVICE]
        [--out JSON]

The per-image time ablation of LGR (Yu et al., CVPR 2019). Five graph
modules are timed:

- ``LGR, 1 level``, ``LGR, 2 levels``, ``LGR, 3 levels``: an ``LGRStack`` of
  ``--num-stacks`` layers (default 1) using the first 1, 2 or 3 clustering
  levels of the layout graph (3 = the whole DeepFashion graph, the
  reference row of every ratio);
- ``GCN x 2``, ``GCN x 8``: a ``GCNStack`` of 2 or 8 graph convolutions over
  the leaf graph.

All have ``--node-channels`` node channels (default 128, the configs' value)
and the graph of ``--layout-graph`` (default the deepfashion_full graph file;
a relative path is tried from the working directory, then from the
repository root). Two measurements, both inference (eval mode,
``torch.no_grad``), float32:

1. the graph module alone, on random features of the injection point:
   ``--channels`` x ``--size`` (default 512 x 14 x 14, VGG-16 before conv
   block 5 at 224x224), batch ``--batch``;
2. the whole landmark model of ``--config`` (default the paper-size
   ``lgr_vgg16-stack4_fld-224x224.py``) with the cfg of its backbone plugin
   (``model.backbone.plugins[0]``, the LGR stack) replaced by each module, plus the model without any graph module
   (``no graph module``), through ``model(inputs, None, mode='tensor')``
   (no preprocessing, no decoding) on random images of the config's codec
   input size, batch ``--batch``. No weights are loaded (nor downloaded):
   times do not depend on them. ``--skip-model`` leaves this part out.

Each time is the median over ``--repeats`` timed batches after ``--warmup``
untimed ones, divided by the batch size; the variants are interleaved within
each repeat so that drifts of the machine hit all alike. Other processes on
the CPU skew the timings badly: measure on a quiet machine. ``--out`` writes
the numbers as JSON (atomically).

Example, in a clone (no data or checkpoint needed; the graph modules alone):

    python tools/analysis_tools/benchmark_graph_layers.py --skip-model \
        --repeats 5
"""
import argparse
import os.path as osp
import statistics
import time
from typing import Callable, Dict, List, Optional

import mmfashion_lm  # noqa: F401  (compat shims, registries)
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, init_default_scope
from torch import nn

from mmfashion_lm.structures import LayoutGraph

from benchmark_utils import REPO_ROOT, resolve_path, sync, write_json

DEFAULT_GRAPH = osp.join('configs', '_base_', 'metainfo',
                         'deepfashion_full_layout_graph.py')
DEFAULT_CONFIG = osp.join('configs', 'lgr', 'lgr_vgg16-stack4_fld-224x224.py')

REFERENCE = 'LGR, 3 levels'
NO_GRAPH = 'no graph module'
LGR_LEVELS = {'LGR, 1 level': 1, 'LGR, 2 levels': 2, REFERENCE: 3}
GCN_LAYERS = {'GCN x 2': 2, 'GCN x 8': 8}
VARIANTS = (*LGR_LEVELS, *GCN_LAYERS)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Per-image inference time of LGR with 1/2/3 clustering '
        'levels vs 2 and 8 plain GCN layers, alone and in the whole model')
    parser.add_argument(
        '--channels', type=int, default=512,
        help='channels C of the random features the graph modules see in '
        'measurement 1. Default: 512 (VGG-16 before conv block 5)')
    parser.add_argument(
        '--size', type=int, nargs=2, default=[14, 14], metavar=('H', 'W'),
        help='height and width, in feature positions, of the features of '
        'measurement 1. Default: 14 14 (VGG-16 before conv block 5 at '
        '224x224)')
    parser.add_argument(
        '--batch', type=int, default=8,
        help='images per timed batch, in both measurements; times are per '
        'image. Default: 8')
    parser.add_argument(
        '--node-channels', type=int, default=128,
        help='node channels of every graph module. Default: 128')
    parser.add_argument(
        '--num-stacks', type=int, default=1,
        help='stacked LGR layers of the LGR variants (the GCN variants are '
        'unchanged). Default: 1')
    parser.add_argument(
        '--layout-graph', default=DEFAULT_GRAPH,
        help='layout graph data file (or a config that sets layout_graph); a '
        'relative path is tried from the working directory, then from the '
        'repository root. Default: ' + DEFAULT_GRAPH)
    parser.add_argument(
        '--config', default=DEFAULT_CONFIG,
        help='landmark model config whose backbone plugin (the LGR stack, '
        'model.backbone.plugins[0]) is replaced in '
        'measurement 2 (its codec input_size sets the image size); resolved '
        'like --layout-graph. Default: ' + DEFAULT_CONFIG)
    parser.add_argument(
        '--skip-model', action='store_true',
        help='time only the graph modules alone (measurement 1), not the '
        'whole model. Default: both')
    parser.add_argument(
        '--repeats', type=int, default=10,
        help='timed batches of each variant (>= 1); the median is reported. '
        'Default: 10')
    parser.add_argument(
        '--warmup', type=int, default=2,
        help='untimed batches of each variant before timing (>= 0). '
        'Default: 2')
    parser.add_argument(
        '--device', default='cpu',
        help='torch device to run on, e.g. cpu, cuda:0. Default: cpu')
    parser.add_argument(
        '--out',
        help='also write the settings and numbers to this JSON file '
        '(atomically). Default: print only')
    args = parser.parse_args()
    if args.repeats < 1 or args.warmup < 0 or args.batch < 1:
        parser.error('--repeats and --batch must be >= 1, --warmup >= 0')
    args.layout_graph = resolve_path(args.layout_graph)
    args.config = resolve_path(args.config)
    return args



# ----------------------------------------------------------------------
# the variants


def variant_cfgs(args) -> Dict[str, dict]:
    """Config of each variant's graph module, without ``in_channels``."""
    graph = dict(from_file=args.layout_graph)
    cfgs = {
        name: dict(
            type='LGRStack',
            layout_graph=graph,
            num_stacks=args.num_stacks,
            node_channels=args.node_channels,
            num_levels=levels)
        for name, levels in LGR_LEVELS.items()
    }
    cfgs.update({
        name: dict(
            type='GCNStack',
            layout_graph=graph,
            num_layers=layers,
            node_channels=args.node_channels)
        for name, layers in GCN_LAYERS.items()
    })
    return cfgs


def num_params(module: Optional[nn.Module]) -> int:
    return 0 if module is None else sum(
        p.numel() for p in module.parameters())


# ----------------------------------------------------------------------
# timing



def median_ms_per_image(runs: Dict[str, Callable[[], object]], args,
                        device: torch.device) -> Dict[str, float]:
    """Median milliseconds per image of each run (one batch per call),
    interleaved so that drifts of the machine hit all alike."""
    with torch.no_grad():
        for _ in range(args.warmup):
            for run in runs.values():
                run()
                sync(device)
        times: Dict[str, List[float]] = {name: [] for name in runs}
        for _ in range(args.repeats):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                sync(device)
                times[name].append(time.perf_counter() - start)
    return {
        name: statistics.median(ts) * 1e3 / args.batch
        for name, ts in times.items()
    }


def ratios(ms: Dict[str, float], reference: str) -> Dict[str, float]:
    return {name: t / ms[reference] for name, t in ms.items()}


# ----------------------------------------------------------------------
# measurement 1: the graph modules alone


def build_modules(args, device: torch.device) -> Dict[str, nn.Module]:
    modules = {}
    for name, cfg in variant_cfgs(args).items():
        torch.manual_seed(0)
        module = MODELS.build(dict(cfg, in_channels=args.channels))
        modules[name] = module.to(device).eval()
    return modules


def measure_modules(args, device: torch.device) -> dict:
    modules = build_modules(args, device)
    torch.manual_seed(0)
    x = torch.randn(args.batch, args.channels, *args.size, device=device)
    runs = {name: (lambda m=module: m(x)) for name, module in modules.items()}
    ms = median_ms_per_image(runs, args, device)
    to_ref = ratios(ms, REFERENCE)
    return dict(
        input_shape=list(x.shape),
        reference=REFERENCE,
        variants={
            name: dict(
                ms_per_image=ms[name],
                ratio_to_reference=to_ref[name],
                params=num_params(modules[name]))
            for name in VARIANTS
        })


# ----------------------------------------------------------------------
# measurement 2: the whole landmark model


def model_cfg(cfg: Config, lgr: Optional[dict]) -> dict:
    """The config's model with the cfg of its backbone's LGR plugin
    (``backbone.plugins[0]``) set to ``lgr``; without a graph module, a plain
    ``TopdownLandmarkDetector`` (``LGRPoseEstimator`` requires one)."""
    model = cfg.model.to_dict()
    plugins = model['backbone'].get('plugins') or []
    if len(plugins) != 1:
        raise SystemExit(f'{cfg.filename}: expected one backbone plugin (the '
                         f'LGR stack), found {len(plugins)}')
    if lgr is None:
        model['type'] = 'TopdownLandmarkDetector'
        model['backbone']['plugins'] = []
    else:
        plugins[0]['cfg'] = lgr
    return model


def input_size(cfg: Config) -> List[int]:
    """(W, H) of the config's codec."""
    codec = cfg.get('codec') or cfg.model.head.decoder
    return list(codec['input_size'])


def build_models(args, cfg: Config,
                 device: torch.device) -> Dict[str, nn.Module]:
    lgr_cfgs = {**variant_cfgs(args), NO_GRAPH: None}
    models = {}
    for name, lgr in lgr_cfgs.items():
        torch.manual_seed(0)
        model = MODELS.build(model_cfg(cfg, lgr))
        models[name] = model.to(device).eval()
    return models


def measure_model(args, device: torch.device) -> dict:
    cfg = Config.fromfile(args.config)
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    models = build_models(args, cfg, device)
    width, height = input_size(cfg)
    torch.manual_seed(0)
    inputs = torch.randn(args.batch, 3, height, width, device=device)
    runs = {
        name: (lambda m=model: m(inputs, None, mode='tensor'))
        for name, model in models.items()
    }
    ms = median_ms_per_image(runs, args, device)
    to_ref, to_none = ratios(ms, REFERENCE), ratios(ms, NO_GRAPH)
    return dict(
        config=args.config,
        input_shape=list(inputs.shape),
        reference=REFERENCE,
        variants={
            name: dict(
                ms_per_image=ms[name],
                ratio_to_reference=to_ref[name],
                ratio_to_no_graph=to_none[name],
                params=num_params(model),
                graph_module_params=num_params(model.backbone.plugins))
            for name, model in models.items()
        })


# ----------------------------------------------------------------------
# report


def print_modules(result: dict, header: str, args) -> None:
    batch, channels, height, width = result['input_shape']
    print(f'\n1. graph module alone, {header}: batch {batch}, C {channels}, '
          f'{height}x{width}; median of {args.repeats} after {args.warmup} '
          'warm-up')
    print(f'{"variant":18s}{"ms / image":>12s}{"/ " + REFERENCE:>20s}'
          f'{"params":>12s}')
    for name, row in result['variants'].items():
        mark = '  (reference)' if name == REFERENCE else ''
        print(f'{name:18s}{row["ms_per_image"]:>12.3f}'
              f'{row["ratio_to_reference"]:>19.2f}x'
              f'{row["params"]:>12,d}{mark}')


def print_model(result: dict, header: str, args) -> None:
    batch, _, height, width = result['input_shape']
    print(f'\n2. whole model of {osp.relpath(result["config"], REPO_ROOT)}, '
          f'{header}: batch {batch}, input {height}x{width}; median of '
          f'{args.repeats} after {args.warmup} warm-up')
    print(f'{"variant":18s}{"ms / image":>12s}{"/ " + REFERENCE:>20s}'
          f'{"/ " + NO_GRAPH:>22s}{"graph params":>14s}'
          f'{"model params":>14s}')
    for name, row in result['variants'].items():
        mark = '  (reference)' if name == REFERENCE else ''
        print(f'{name:18s}{row["ms_per_image"]:>12.2f}'
              f'{row["ratio_to_reference"]:>19.2f}x'
              f'{row["ratio_to_no_graph"]:>21.2f}x'
              f'{row["graph_module_params"]:>14,d}'
              f'{row["params"]:>14,d}{mark}')


def header_line(args, device: torch.device) -> str:
    threads = (f', {torch.get_num_threads()} threads'
               if device.type == 'cpu' else '')
    return (f'inference (eval, no_grad), float32, {device}{threads}; node '
            f'channels {args.node_channels}, {args.num_stacks} LGR stack(s)')



def main():
    args = parse_args()
    device = torch.device(args.device)
    init_default_scope('mmpose')
    graph = LayoutGraph.from_cfg(dict(from_file=args.layout_graph))
    header = header_line(args, device)
    print(f'layout graph {graph} from '
          f'{osp.relpath(args.layout_graph, REPO_ROOT)}')
    print(f'ratios are times over the time of "{REFERENCE}" (the reference '
          'row)')

    result = dict(settings=vars(args), module=measure_modules(args, device),
                  model=None)
    print_modules(result['module'], header, args)
    if not args.skip_model:
        result['model'] = measure_model(args, device)
        print_model(result['model'], header, args)
    if args.out:
        write_json(args.out, result)
        print(f'\nwrote {args.out}')


if __name__ == '__main__':
    main()
