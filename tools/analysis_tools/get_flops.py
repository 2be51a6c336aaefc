r"""Count the parameters and FLOPs of the model of a config.

    python tools/analysis_tools/get_flops.py CONFIG [--shape H W]
        [--cfg-options KEY=VALUE ...] [--show-table]

Example, in a clone (no data or checkpoint needed):

    python tools/analysis_tools/get_flops.py \
        configs/baseline/td-hm_res18_synthfashion-fld-96x96.py

The model is built in the config's own scope (mmpose's landmark models,
mmpretrain's classifiers) without any checkpoint: counts do not depend on
weights, and no ``Pretrained`` init is run. One image of ``--shape`` (default:
the codec's input size of a landmark config, the ``input_size`` of a
classifier config, else 224x224) goes through the forward pass of the test
path, without flip test.

FLOPs follow mmengine's convention (that of fvcore): one multiply-add is one
FLOP; convs, matmuls, norms, upsampling and pooling are counted, other
elementwise ops are not. They are counted with ``mmengine.analysis``'s
``FlopAnalyzer`` and ``parameter_count``, the pieces of
``get_model_complexity_info``, so that the non-local block's batched matmul
with a scale (``aten::baddbmm``), which mmengine has no handle for, is
counted like ``aten::bmm``.

A landmark model whose side input is Grad-CAM attention (``model.side_input``,
a ``GradCAMAttention``: the SANL configs) is
counted in three parts, because Grad-CAM differentiates the classifier's score
inside the forward pass, which a tracing FLOP counter cannot follow:

- the attention classifier's forward pass (mmengine);
- Grad-CAM's backward pass, from the score back to the classifier's stage
  outputs: measured with torch's ``FlopCounterMode`` (the convs and matmuls of
  the attention module minus those of the classifier's forward pass), halved
  to multiply-adds;
- backbone + neck + head, fed the attention maps (mmengine).
"""
import argparse
from typing import Dict, List, Optional, Sequence, Tuple

import mmfashion_lm  # noqa: F401  (compat shims, registries)
import torch
from mmengine.analysis import FlopAnalyzer, parameter_count
from mmengine.analysis.jit_handles import get_shape
from mmengine.analysis.print_helper import complexity_stats_table
from mmengine.config import Config, DictAction
from mmengine.registry import MODELS, init_default_scope
from mmpose.models.pose_estimators.base import BasePoseEstimator
from torch import Tensor, nn
from torch.utils.flop_counter import FlopCounterMode

from mmfashion_lm.models.layers import GradCAMAttention


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Parameters and FLOPs (multiply-adds) of the model of a '
        'config, on one image, without a checkpoint')
    parser.add_argument(
        'config', help='config file path (a landmark or classifier config)')
    parser.add_argument(
        '--shape',
        type=int,
        nargs=2,
        metavar=('H', 'W'),
        help='input height and width in pixels (default: the codec\'s '
        'input_size of a landmark config, else the config\'s input_size, '
        'else 224 224)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, KEY=VALUE pairs (dotted '
        'keys). Default: none')
    parser.add_argument(
        '--show-table',
        action='store_true',
        help='also print mmengine\'s per-module table (parameters, FLOPs) of '
        'every counted part. Default: totals only')
    return parser.parse_args()


def baddbmm_flop_jit(inputs: List, outputs: List) -> int:
    """Multiply-adds of ``aten::baddbmm(bias, batch1, batch2, ...)``: those
    of ``batch1 @ batch2``; the scaling and the bias are elementwise."""
    batch, rows, inner = get_shape(inputs[1])
    cols = get_shape(inputs[2])[-1]
    return batch * rows * inner * cols


class LandmarkBody(nn.Module):
    """Backbone, neck and head of a top-down landmark model, the attention
    maps (if any) given as inputs.

    Args:
        model (BasePoseEstimator): The landmark model
    """

    def __init__(self, model: BasePoseEstimator) -> None:
        super().__init__()
        self.backbone = model.backbone
        self.neck = model.neck if model.with_neck else None
        self.head = model.head

    def forward(self, inputs: Tensor, *maps: Tensor):
        feats = self.backbone(inputs, list(maps)) if maps \
            else self.backbone(inputs)
        if self.neck is not None:
            feats = self.neck(feats)
        return self.head.forward(feats)


def count(module: nn.Module, inputs: Tuple[Tensor, ...],
          show_table: bool) -> Dict:
    """Parameters and forward FLOPs of ``module`` on ``inputs``."""
    flops = FlopAnalyzer(module, inputs)
    flops.set_op_handle('aten::baddbmm', baddbmm_flop_jit)
    flops.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    return dict(
        params=parameter_count(module)[''],
        flops=flops.total(),
        skipped=dict(flops.unsupported_ops()),
        table=complexity_stats_table(flops, show_param_shapes=False)
        if show_table else None)


def torch_flops(fn, *args) -> int:
    """FLOPs (2 per multiply-add) of the convs and matmuls run by
    ``fn(*args)``, forward and backward, by torch's ``FlopCounterMode``."""
    with FlopCounterMode(display=False) as counter:
        fn(*args)
    return counter.get_total_flops()


def complexity(model: nn.Module, inputs: Tensor,
               show_table: bool) -> List[Tuple[str, Dict]]:
    """The counted parts of ``model``: (name, counts) pairs."""
    attention: Optional[nn.Module] = getattr(model, 'side_input', None)
    if not isinstance(attention, GradCAMAttention):
        # a pose estimator's forward needs data samples: count its body
        body = LandmarkBody(model) if isinstance(model,
                                                 BasePoseEstimator) else model
        return [('model', count(body, (inputs, ), show_table))]

    classifier = attention.classifier
    with torch.no_grad():
        maps = attention(inputs)
    # mmengine and torch agree on convs and matmuls: the difference of two
    # torch counts is Grad-CAM's backward pass, in multiply-adds once halved
    backward = (torch_flops(attention, inputs) -
                torch_flops(classifier, inputs)) // 2
    return [
        ('attention classifier, forward', count(classifier, (inputs, ),
                                                 show_table)),
        ('Grad-CAM backward (torch FlopCounterMode)',
         dict(params=0, flops=backward, skipped={}, table=None)),
        ('backbone + neck + head', count(LandmarkBody(model),
                                         (inputs, *maps), show_table)),
    ]


def input_shape(cfg: Config, shape: Optional[Sequence[int]]) -> Tuple[int,
                                                                      int]:
    """(H, W) of the counted input."""
    if shape is not None:
        return tuple(shape)
    # a landmark config's codec, or the classifier configs' input_size
    size = cfg.codec['input_size'] if 'codec' in cfg else cfg.get(
        'input_size', 224)
    width, height = (size, size) if isinstance(size, int) else size
    return height, width


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    scope = cfg.get('default_scope', 'mmpose')
    init_default_scope(scope)
    # no init_weights: counts do not depend on weights, and 'Pretrained'
    # inits would download or need checkpoints
    model = MODELS.build(cfg.model).eval()
    height, width = input_shape(cfg, args.shape)
    inputs = torch.randn(1, 3, height, width)

    parts = complexity(model, inputs, args.show_table)
    total_params = parameter_count(model)['']
    total_flops = sum(counts['flops'] for _, counts in parts)
    frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)

    print(f'config: {args.config}')
    print(f'model: {type(model).__name__} (scope {scope}), no checkpoint; '
          f'input 1x3x{height}x{width}, one forward pass, no flip test')
    print('FLOPs are multiply-adds (mmengine / fvcore convention)')
    for name, counts in parts:
        print(f'  {name:<45} params {counts["params"] / 1e6:8.2f} M  '
              f'FLOPs {counts["flops"] / 1e9:8.2f} G')
        if counts['table']:
            print(counts['table'])
    print(f'  {"total":<45} params {total_params / 1e6:8.2f} M  '
          f'FLOPs {total_flops / 1e9:8.2f} G')
    if frozen:
        print(f'  of which frozen: params {frozen / 1e6:.2f} M')
    skipped = sorted({op for _, c in parts for op in c['skipped']})
    if skipped:
        print('not counted (elementwise, by convention): ' +
              ', '.join(skipped))
    if len(parts) > 1:
        print('Grad-CAM backward: the gradients of the classifier score '
              'with respect to its stage outputs, which a forward FLOP '
              'counter misses; its convs and matmuls only')


if __name__ == '__main__':
    main()
