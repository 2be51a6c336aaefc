r"""Detect fashion landmarks in one image and draw them.

    python demo/image_demo.py IMG CONFIG [--checkpoint CKPT] --out-file OUT
        [--device DEVICE] [--kpt-thr THR] [--radius R]

The config's ``data_mode`` chooses the inference. A top-down model
(``data_mode = 'topdown'``, the default) takes the whole image as the
garment box and finds one garment. A bottom-up model (``data_mode =
'bottomup'``, e.g. configs/composite_fields/) runs once over the whole image
(mmpose's ``inference_bottomup``) and finds every garment in it, or none;
their boxes are drawn too. Without ``--checkpoint`` the model runs with
untrained weights, and says so. Each landmark's name, position (x, y in
image pixels) and score is printed, after a line per garment (index, score,
box) for a bottom-up model; the drawing is written atomically. Example, in a
clone after ``make demo``:

    python demo/image_demo.py data/synthfashion/fld/img/img_00000001.jpg \
        configs/baseline/td-hm_res18_synthfashion-fld-96x96.py \
        --checkpoint work_dirs/demo/epoch_12.pth \
        --out-file work_dirs/demo/landmarks.jpg
"""
from argparse import ArgumentParser, RawDescriptionHelpFormatter

import mmfashion_lm  # noqa: F401  (compat shims before mmpose.apis)
import mmcv
import torch
from mmpose.apis import inference_bottomup, inference_topdown, init_model
from mmpose.registry import VISUALIZERS
from mmpose.structures import merge_data_samples

from mmfashion_lm.utils.io import atomic_path


def parse_args():
    # the summary line, then the rest of the docstring after the usage
    parser = ArgumentParser(
        description=__doc__.split('\n')[0],
        epilog='\n\n'.join(__doc__.split('\n\n')[2:]),
        formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument('img', help='image file (JPEG, PNG, grayscale, ...)')
    parser.add_argument(
        'config',
        help='landmark model config file (.py); its data_mode (topdown, the '
        'default, or bottomup) chooses the inference')
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


def print_landmarks(names, keypoints, scores, indent=''):
    """One line per landmark: name, x, y (image pixels) and score."""
    for k, ((x, y), score) in enumerate(zip(keypoints, scores)):
        print(f'{indent}{names[k]:>20s}: x={x:7.1f} y={y:7.1f} '
              f'score={score:.3f}')


def main():
    args = parse_args()
    if args.checkpoint is None:
        print('No --checkpoint given: running UNTRAINED weights; the '
              'landmarks drawn are not meaningful.')
    model = init_model(args.config, args.checkpoint, device=args.device)
    bottomup = model.cfg.get('data_mode', 'topdown') == 'bottomup'
    if bottomup:
        # one pass over the whole image: every garment, or none
        results = inference_bottomup(model, args.img)[0]
    else:
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
        # a bottom-up model's garments told apart by their boxes (those of
        # their placed landmarks); a top-down box is the whole image
        draw_bbox=bottomup,
        kpt_thr=args.kpt_thr,
        show=False)
    with atomic_path(args.out_file) as tmp:
        mmcv.imwrite(mmcv.rgb2bgr(visualizer.get_image()), tmp)

    names = model.dataset_meta['keypoint_id2name']
    instances = results.pred_instances
    if bottomup:
        print(f'{len(instances)} garment(s) found')
        for i in range(len(instances)):
            box = ', '.join(f'{v:.1f}' for v in instances.bboxes[i])
            print(f'garment {i}: score={instances.bbox_scores[i]:.3f} '
                  f'box=[{box}]')
            print_landmarks(names, instances.keypoints[i],
                            instances.keypoint_scores[i], indent='    ')
    else:
        for keypoints, scores in zip(instances.keypoints,
                                     instances.keypoint_scores):
            print_landmarks(names, keypoints, scores)
    print(f'Wrote {args.out_file}')


if __name__ == '__main__':
    main()
