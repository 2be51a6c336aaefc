r"""Detect fashion landmarks in one image and draw them.

    python demo/image_demo.py IMG CONFIG [--checkpoint CKPT] --out-file OUT
        [--device DEVICE] [--kpt-thr THR] [--radius R]

The config's ``data_mode`` chooses the inference. A top-down model
(``data_mode = 'topdown'``, the default) takes the whole image as the
garment box and finds one garment. A bottom-up model (``data_mode =
'bottomup'``, e.g. configs/composite_fields/) runs once over the whole image
(mmpose's ``inference_bottomup``) and finds every garment in it, or none;
their boxes are drawn too. A multi-task model (configs/multitask/) also
names the garment's category and its likeliest attributes of each type
(``mmfashion_lm.apis.describe_instances``), printed and written over the
drawing. Without ``--checkpoint`` the model runs with
untrained weights, and says so. Each landmark's name, position (x, y in
image pixels) and score is printed, after a line per garment (index, score,
box) for a bottom-up model; the drawing is written atomically. Example, in a
clone after ``make baseline-demo``:

    python demo/image_demo.py data/synthfashion/fld/img/img_00000001.jpg \
        configs/baseline/td-hm_res18_synthfashion-fld-96x96.py \
        --checkpoint work_dirs/baseline_demo/epoch_12.pth \
        --out-file work_dirs/baseline_demo/landmarks.jpg
"""
from argparse import ArgumentParser, RawDescriptionHelpFormatter

import mmfashion_lm  # noqa: F401  (compat shims before mmpose.apis)
import cv2
import mmcv
import numpy as np
import torch
from mmpose.apis import inference_bottomup, inference_topdown, init_model
from mmpose.registry import VISUALIZERS
from mmpose.structures import merge_data_samples

from mmfashion_lm.apis import describe_instances
from mmfashion_lm.utils.io import atomic_path


def parse_args(argv=None):
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
    return parser.parse_args(argv)


def print_landmarks(names, keypoints, scores, indent=''):
    """One line per landmark: name, x, y (image pixels) and score."""
    for k, ((x, y), score) in enumerate(zip(keypoints, scores)):
        print(f'{indent}{names[k]:>20s}: x={x:7.1f} y={y:7.1f} '
              f'score={score:.3f}')


def describe(garment) -> list:
    """Text lines of a garment's category and attributes."""
    lines = [
        'category: ' + ', '.join(f'{c["name"]} {c["score"]:.2f}'
                                 for c in garment['categories'])
    ]
    lines += [
        f'{group}: ' + ', '.join(name for name, _ in attributes)
        for group, attributes in garment['attributes'].items()
    ]
    return lines


def write_lines(image: np.ndarray, lines: list) -> np.ndarray:
    """``lines`` written at the top left of an RGB image, white on a
    dark band, the font sized to the image's width."""
    scale = max(image.shape[1] / 900, 0.35)
    thickness = max(int(round(scale * 1.5)), 1)
    step = int(26 * scale) + 4
    image = image.copy()
    band = min(step * len(lines) + 6, image.shape[0])
    image[:band] = (image[:band] * 0.4).astype(image.dtype)
    for i, line in enumerate(lines):
        cv2.putText(image, line, (4, step * (i + 1)),
                    cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255),
                    thickness, cv2.LINE_AA)
    return image


def main(argv=None):
    args = parse_args(argv)
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

    instances = results.pred_instances
    garments = (describe_instances(instances, model.dataset_meta)
                if 'category_scores' in instances else [])
    image = mmcv.imread(args.img, channel_order='rgb')
    if instances.keypoints.shape[1]:  # CAT predicts no landmark
        model.cfg.visualizer.radius = args.radius
        visualizer = VISUALIZERS.build(model.cfg.visualizer)
        visualizer.set_dataset_meta(model.dataset_meta)
        visualizer.add_datasample(
            'result',
            image,
            data_sample=results,
            draw_gt=False,
            # a bottom-up model's garments told apart by their boxes (those
            # of their placed landmarks); a top-down box is the whole image
            draw_bbox=bottomup,
            kpt_thr=args.kpt_thr,
            show=False)
        image = visualizer.get_image()
    for garment in garments:
        image = write_lines(image, describe(garment))
    with atomic_path(args.out_file) as tmp:
        mmcv.imwrite(mmcv.rgb2bgr(image), tmp)

    names = model.dataset_meta['keypoint_id2name']
    for garment in garments:
        print('\n'.join(describe(garment)))
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
