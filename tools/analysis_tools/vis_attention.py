r"""Draw the landmark-driven attention of a multi-task model over an image.

    python tools/analysis_tools/vis_attention.py IMG CONFIG --out PNG \
        [--checkpoint CKPT] [--bbox X1 Y1 X2 Y2] [--device DEVICE]

The multi-task model (configs/multitask/, docs/methods/multitask.md)
reweighs its features by ``1 + A``, ``A = tanh(UNet([F, max_k H_k]))``
from its landmark heatmaps ``H``. The tool runs the model on the garment box
(the whole image by default) through the config's test pipeline and writes
three panels of the model input side by side: the input, the merged
landmark heatmap ``max_k H_k`` (the branch's logits, min-max scaled) and the
attention averaged over the feature channels, ``mean_c (1 + A)`` (0 to 2,
drawn from blue through green to red, 1 = unchanged), each over the input.
Prints the attention's range. Without ``--checkpoint`` the weights are
untrained, and it says so.
"""
import argparse

import mmfashion_lm  # noqa: F401  (compat shims before mmpose.apis)
import cv2
import numpy as np
import torch
from mmpose.apis import inference_topdown, init_model

from mmfashion_lm.models.layers import LandmarkDrivenAttention
from mmfashion_lm.utils.io import atomic_path


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n\n'.join(__doc__.split('\n\n')[2:]))
    parser.add_argument('img', help='image file')
    parser.add_argument('config', help='a multi-task config with the '
                        'landmark-driven attention (configs/multitask/mtl*)')
    parser.add_argument('--out', required=True, help='PNG to write '
                        '(atomically; its directory is created)')
    parser.add_argument('--checkpoint', help='checkpoint of the config\'s '
                        'model. Default: none (untrained weights, said so)')
    parser.add_argument('--bbox', type=float, nargs=4,
                        metavar=('X1', 'Y1', 'X2', 'Y2'),
                        help='the garment box, pixels. Default: the image')
    parser.add_argument('--device', default='cpu',
                        help='torch device. Default: cpu')
    return parser.parse_args()


class AttentionProbe:
    """Forward hooks on a model's LandmarkDrivenAttention: its input
    features' heatmaps and its attention ``1 + A``."""

    def __init__(self, model: torch.nn.Module) -> None:
        plugins = [m for m in model.modules()
                   if isinstance(m, LandmarkDrivenAttention)]
        if not plugins:
            raise SystemExit(
                'the config\'s model has no LandmarkDrivenAttention plugin '
                '(a CAT config?): nothing to draw')
        self.heatmaps = self.attention = None
        plugin = plugins[0]
        plugin.branch.register_forward_hook(self._keep_heatmaps)
        plugin.unet.register_forward_hook(self._keep_attention)

    def _keep_heatmaps(self, module, inputs, output) -> None:
        self.heatmaps = output[0].detach().cpu()

    def _keep_attention(self, module, inputs, output) -> None:
        self.attention = 1 + torch.tanh(output[0].detach().cpu())


def overlay(image: np.ndarray, values: np.ndarray, low: float,
            high: float) -> np.ndarray:
    """``values`` (h, w) scaled from ``low`` to ``high``, as a jet colour
    map over the BGR ``image``, half and half."""
    scaled = np.clip((values - low) / max(high - low, 1e-12), 0, 1)
    colours = cv2.applyColorMap((scaled * 255).astype(np.uint8),
                                cv2.COLORMAP_JET)
    colours = cv2.resize(colours, image.shape[1::-1],
                         interpolation=cv2.INTER_LINEAR)
    return cv2.addWeighted(image, 0.5, colours, 0.5, 0)


def main() -> None:
    args = parse_args()
    if args.checkpoint is None:
        print('No --checkpoint given: UNTRAINED weights, the attention '
              'drawn is not meaningful.')
    model = init_model(args.config, args.checkpoint, device=args.device)
    probe = AttentionProbe(model)
    bboxes = None if args.bbox is None else np.array([args.bbox])
    [sample] = inference_topdown(model, args.img, bboxes)
    # the model input as the test pipeline framed it
    width, height = sample.metainfo['input_size']
    centre = np.asarray(sample.metainfo['input_center'], np.float64)
    scale = np.asarray(sample.metainfo['input_scale'], np.float64)
    warp = np.array([[width / scale[0], 0, 0], [0, height / scale[1], 0]])
    warp[:, 2] = -(centre - scale / 2) * warp.diagonal()[:2]
    image = cv2.warpAffine(cv2.imread(args.img), warp, (width, height))

    merged = probe.heatmaps.amax(dim=0).numpy()
    attention = probe.attention.mean(dim=0).numpy()
    panels = [
        image,
        overlay(image, merged, merged.min(), merged.max()),
        overlay(image, attention, 0.0, 2.0)
    ]
    with atomic_path(args.out) as tmp:
        cv2.imwrite(tmp, np.concatenate(panels, axis=1))
    print(f'attention 1 + A, channel mean: {attention.min():.3f} to '
          f'{attention.max():.3f}; wrote {args.out}')


if __name__ == '__main__':
    main()
