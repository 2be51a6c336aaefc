r"""Adapt a few-shot landmark model to a new garment category from a few
annotated images and write an ordinary top-down landmark model for it.

    python tools/few_shot/adapt.py CONFIG CHECKPOINT --support ANN.json \
        --out-dir DIR [--img-root DIR] [--name NAME]

CONFIG / CHECKPOINT: a few-shot model, e.g. MetaCloth's meta-FENet stage
(configs/metacloth/meta-fenet_*.py and its trained checkpoint) or the FT
baseline with any top-down model's checkpoint. ANN.json: COCO-style
keypoints of K annotated garments of one category, any number of
landmarks (``categories[0].keypoints`` names them; ``skeleton`` optional).
Writes DIR/NAME.py and DIR/NAME.pth, which mmpose runs on new photos:

    from mmpose.apis import MMPoseInferencer
    inferencer = MMPoseInferencer(pose2d='DIR/NAME.py',
                                  pose2d_weights='DIR/NAME.pth', device='cpu')
    result = next(inferencer('photo.jpg'))

Without a detector the whole photo is the garment's box; give
``det_model`` to MMPoseInferencer for photos with several garments.
"""
import argparse
import os.path as osp

import mmfashion_lm  # noqa: F401  (the safe checkpoint loader first)
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner.checkpoint import load_checkpoint
from mmpose.registry import MODELS

from mmfashion_lm.apis import adapt_to_support
from mmfashion_lm.utils.io import atomic_path


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='the few-shot model\'s config')
    parser.add_argument('checkpoint', help='its checkpoint')
    parser.add_argument(
        '--support', required=True,
        help='COCO-style keypoint annotations of the K support garments')
    parser.add_argument(
        '--img-root', help='folder the images\' file_name is relative to '
        '(default: the annotation file\'s)')
    parser.add_argument('--out-dir', required=True,
                        help='where NAME.py and NAME.pth are written')
    parser.add_argument(
        '--name', help='file name of the written model (default: the '
        'category\'s name)')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    topdown, checkpoint = adapt_to_support(model, cfg, args.support,
                                           args.img_root)
    name = args.name or topdown.model.metainfo['dataset_name']
    config_path = osp.join(args.out_dir, f'{name}.py')
    weights_path = osp.join(args.out_dir, f'{name}.pth')
    with atomic_path(weights_path, keep_extension=False) as tmp:
        torch.save(checkpoint, tmp)
    with atomic_path(config_path) as tmp:
        topdown.dump(tmp)
    garments = checkpoint['meta']['adapted_from']['garments']
    print(f'adapted to {garments} garments of {name} '
          f'({len(topdown.model.metainfo["keypoint_info"])} landmarks):\n'
          f'  {config_path}\n  {weights_path}\n'
          f"run: MMPoseInferencer(pose2d='{config_path}', "
          f"pose2d_weights='{weights_path}', device='cpu')")
    return config_path, weights_path


if __name__ == '__main__':
    main()
