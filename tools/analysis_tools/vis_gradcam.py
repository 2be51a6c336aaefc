r"""Draw the Grad-CAM attention maps of a SANL model over its input.

    python tools/analysis_tools/vis_gradcam.py IMG CONFIG --out-dir DIR
        [--checkpoint CKPT] [--alpha A] [--cfg-options KEY=VALUE ...]

CONFIG is a SANL landmark config with an attention module (its
``GradCAMAttention``, mode ``'all'`` or ``'32'``) or an attention classifier
config (whose model is wrapped in a ``GradCAMAttention``). The image goes
through the config's test pipeline, the whole image as the garment box, and
the module's maps are drawn over the input crop the model sees, one PNG per
stride: ``DIR/<image name>_stride<s>.png`` (mode ``'32'`` has one map, used by
every block). CKPT is a checkpoint of the config's model (for a landmark
model it holds the classifier too); without one the weights are random and the
maps show nothing learned. Files are written atomically.

Example, in a clone after ``make data``, with a synthetic SANL landmark
config (random weights without ``--checkpoint``; no data read but the
image):

    python tools/analysis_tools/vis_gradcam.py \
        data/synthfashion/fld/img/img_00000001.jpg \
        configs/sanl/sanl-fpn_res18-sanlall_synthfashion-fld-128x128.py \
        --out-dir work_dirs/gradcam
"""
import argparse
import os.path as osp
from typing import List, Tuple

import mmfashion_lm  # noqa: F401  (compat shims, registries)
import cv2
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.dataset import Compose, pseudo_collate
from mmengine.registry import MODELS, init_default_scope
from mmengine.runner import load_checkpoint
from torch import Tensor, nn

from mmfashion_lm.models.layers import GradCAMAttention
from mmfashion_lm.utils.io import atomic_path


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Draw the Grad-CAM attention maps of a SANL model')
    parser.add_argument(
        'img', help='image file; the whole image is the garment box')
    parser.add_argument(
        'config',
        help='SANL landmark config with an attention module, or an attention '
        'classifier config (configs/sanl/sanl-attention_*)')
    parser.add_argument(
        '--checkpoint',
        help='checkpoint of the config\'s model. Default: none (random '
        'weights, the maps show nothing learned)')
    parser.add_argument(
        '--out-dir',
        required=True,
        help='directory for the PNG files, <image name>_stride<s>.png '
        '(created if missing)')
    parser.add_argument(
        '--alpha',
        type=float,
        default=0.5,
        help='opacity of the attention map over the image, 0 (image only) '
        'to 1 (map only). Default: 0.5')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, KEY=VALUE pairs (dotted '
        'keys). Default: none')
    return parser.parse_args()


def build_attention(cfg: Config, checkpoint: str) -> Tuple[nn.Module,
                                                           nn.Module]:
    """The attention module of the config's model and the data preprocessor
    that normalises its input, with the checkpoint's weights if given."""
    if cfg.default_scope == 'mmpretrain':
        # GradCAMAttention lives in mmpose's registry; it builds the
        # classifier in mmpretrain's
        attention = MODELS.build(
            dict(type='mmpose.GradCAMAttention', classifier=cfg.model))
        if checkpoint:
            load_checkpoint(attention.classifier, checkpoint,
                            map_location='cpu')
        return attention.eval(), attention.classifier.data_preprocessor
    model = MODELS.build(cfg.model)
    if not isinstance(getattr(model, 'side_input', None), GradCAMAttention):
        raise SystemExit(f'{cfg.filename} has no attention module '
                         '(model.side_input: a Base or NL model); give a '
                         'SANL or classifier config')
    if checkpoint:
        load_checkpoint(model, checkpoint, map_location='cpu')
    return model.side_input.eval(), model.data_preprocessor


def preprocess(cfg: Config, img_path: str,
               data_preprocessor: nn.Module) -> Tensor:
    """The normalised input (1, 3, H, W) of the config's test pipeline, the
    whole image as the garment box."""
    data = dict(img_path=img_path)
    if cfg.default_scope == 'mmpose':
        image = cv2.imread(img_path)
        if image is None:
            raise SystemExit(f'cannot read {img_path}')
        height, width = image.shape[:2]
        data.update(
            bbox=np.array([[0, 0, width, height]], np.float32),
            bbox_score=np.ones(1, np.float32))
    pipeline = Compose(cfg.test_dataloader.dataset.pipeline)
    batch = data_preprocessor(pseudo_collate([pipeline(data)]), False)
    return batch['inputs']


def denormalise(inputs: Tensor, data_preprocessor: nn.Module) -> np.ndarray:
    """The input crop as a BGR uint8 image."""
    image = inputs[0] * data_preprocessor.std + data_preprocessor.mean
    image = image.clamp(0, 255).byte().permute(1, 2, 0).numpy()
    # the preprocessors of these configs turn BGR images into RGB
    return np.ascontiguousarray(image[..., ::-1])


def overlay(image: np.ndarray, cam: Tensor, alpha: float) -> np.ndarray:
    """``cam`` (1, 1, h, w) in [0, 1], upsampled and drawn over ``image``
    as a JET colour map."""
    cam = F.interpolate(
        cam, size=image.shape[:2], mode='bilinear', align_corners=False)
    heat = cv2.applyColorMap(
        (cam[0, 0].clamp(0, 1) * 255).byte().numpy(), cv2.COLORMAP_JET)
    return cv2.addWeighted(image, 1 - alpha, heat, alpha, 0)


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    if not args.checkpoint:
        print('no checkpoint: the classifier is untrained (random weights), '
              'its maps show no learned attention')
    attention, data_preprocessor = build_attention(cfg, args.checkpoint)
    inputs = preprocess(cfg, args.img, data_preprocessor)

    maps: List[Tensor] = attention(inputs)
    with torch.no_grad():
        logits = attention.classifier(inputs)
    print(f'Grad-CAM of the predicted category {logits.argmax().item()} '
          f'(mode {attention.mode!r})')

    image = denormalise(inputs, data_preprocessor)
    stem = osp.splitext(osp.basename(args.img))[0]
    written = []
    # mode '32' gives the same map to every block: draw it once
    for cam in {id(m): m for m in maps}.values():
        stride = inputs.shape[-1] // cam.shape[-1]
        path = osp.join(args.out_dir, f'{stem}_stride{stride}.png')
        with atomic_path(path) as tmp:
            if not cv2.imwrite(tmp, overlay(image, cam, args.alpha)):
                raise OSError(f'cannot write {path}')
        written.append(path)
    print('wrote ' + ', '.join(written))


if __name__ == '__main__':
    main()
