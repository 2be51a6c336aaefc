r"""Detect fashion landmarks in one image and draw them.

    python demo/image_demo.py IMG CONFIG [--checkpoint CKPT] --out-file OUT
        [--device DEVICE] [--kpt-thr THR] [--radius R]

The whole image is taken as the garment box (top-down models). Without
``--checkpoint`` the model runs with untrained weights, and says so. Each
landmark's name, position (x, y in image pixels) and score is printed; the
drawing is written atomically. Example, in a clone after ``make demo``:

    python demo/image_demo.py data/synthfashion/fld/img/img_00000001.jpg \
        configs/baseline/td-hm_res18_synthfashion-fld-96x96.py \
        --checkpoint work_dirs/demo/epoch_12.pth \
        --out-file work_dirs/demo/landmarks.jpg
"""
from argparse import ArgumentParser

import mmfashion_lm  # noqa: F401  (compat shims before mmpose.apis)
import mmcv
import torch
from mmpose.apis import inference_topdown, init_model
from mmpose.registry import VISUALIZERS
from mmpose.structures import merge_data_samples

from mmfashion_lm.utils.io import atomic_path


def parse_args():
    parser = ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('img', help='image file (JPEG, PNG, grayscale, ...)')
    parser.add_argument('config', help='landmark model config file (.py)')
    parser.add_argument(
        '--checkpoint',
        help='checkpoint of the config\'s model. Default: none (untrained '
        'weights; the landmarks are not meaningful)')
    parser.add_argument(
        '--out-file',
        required=True,
        help='image file to write the drawing to (its directory is created '
        'if missing; the extension sets the format)')
    parser.add_argument(
        '--device',
        default='cuda:0' if torch.cuda.is_available() else 'cpu',
        help='torch device used for inference, e.g. cpu, cuda:0. Default: '
        'cuda:0 when a GPU is available, else cpu')
    parser.add_argument(
        '--kpt-thr',
        type=float,
        default=0.0,
        help='draw only landmarks (and skeleton links between them) whose '
        'score is at least this; all are printed. Default: 0.0 (all drawn)')
    parser.add_argument(
        '--radius',
        type=int,
        default=4,
        help='radius of the drawn landmarks, in image pixels. Default: 4')
    return parser.parse_args()


def main():
    args = parse_args()
    if args.checkpoint is None:
        print('No --checkpoint given: running UNTRAINED weights; the '
              'landmarks drawn are not meaningful.')
    model = init_model(args.config, args.checkpoint, device=args.device)
    results = merge_data_samples(inference_topdown(model, args.img))

    model.cfg.visualizer.radius = args.radius
    visualizer = VISUALIZERS.build(model.cfg.visualizer)
    visualizer.set_dataset_meta(model.dataset_meta)
    image = mmcv.imread(args.img, channel_order='rgb')
    visualizer.add_datasample(
        'result',
        image,
        data_sample=results,
        draw_gt=False,
        draw_bbox=False,
        kpt_thr=args.kpt_thr,
        show=False)
    with atomic_path(args.out_file) as tmp:
        mmcv.imwrite(mmcv.rgb2bgr(visualizer.get_image()), tmp)

    names = model.dataset_meta['keypoint_id2name']
    instances = results.pred_instances
    for keypoints, scores in zip(instances.keypoints,
                                 instances.keypoint_scores):
        for k, ((x, y), score) in enumerate(zip(keypoints, scores)):
            print(f'{names[k]:>20s}: x={x:7.1f} y={y:7.1f} '
                  f'score={score:.3f}')
    print(f'Wrote {args.out_file}')


if __name__ == '__main__':
    main()
