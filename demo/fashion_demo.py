r"""Describe every garment of photos: box, category, attributes, landmarks.

    python demo/fashion_demo.py INPUTS... --out-dir DIR
        [--detector CONFIG [--detector-weights CKPT]]
        [--attributes CONFIG [--attributes-weights CKPT]]
        [--landmarks CONFIG [--landmarks-weights CKPT]]
        [--device cpu] [--batch-size N]

INPUTS are image files, folders (their images, sorted by name) or both.
The detector is a bottom-up composite-fields model with a category field
(configs/composite_fields/composite-fields-category_*.py): it finds the
garments, their boxes, categories and landmarks. A multi-task model
(--attributes, configs/multitask/) adds each garment's attributes; a
top-down landmark model (--landmarks, e.g. configs/baseline/) places its
landmarks instead of the detector's (mmfashion_lm.apis.FashionInferencer).
A model without weights runs untrained, and the demo says so. Without
--detector, the demo uses the detector that `make demo` trains into
work_dirs/demo/ and, unless --attributes is given, its multi-task model
too (DEMO_MODELS); it says how to get them when they are missing.

For each image it writes DIR/<stem>.json (the result, see
mmfashion_lm.apis.FASHION_RESULT_SCHEMA) and DIR/<stem>.jpg (each
garment's box, category and score, best attribute of each type, landmarks
and skeleton), each atomically; images of one stem (from two folders, or
a.jpg and a.png) get <stem>_1, <stem>_2... after the first. At the end it
prints the throughput and the time spent in each model. Examples, after
`make demo`, and with a detector's checkpoint CKPT of your own:

    python demo/fashion_demo.py photos/ --out-dir work_dirs/fashion_demo
    python demo/fashion_demo.py photos/ --out-dir work_dirs/fashion_demo \
        --detector configs/composite_fields/composite-fields-category_\
res18-single-b-fork_synthfashion-multi-garment-97x97.py \
        --detector-weights CKPT
"""
import json
import os.path as osp
import time
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from typing import List, Optional, Sequence

import mmfashion_lm  # noqa: F401  (compat shims before mmpose.apis)
import cv2
import numpy as np
from tqdm import tqdm

from mmfashion_lm.apis import FashionInferencer
from mmfashion_lm.utils.io import atomic_open, atomic_path

# BGR colours of the garments, in turn
GARMENT_COLOURS = [(0, 200, 255), (255, 120, 0), (80, 220, 80),
                   (200, 80, 255), (60, 60, 255), (255, 220, 60)]
ROLES = ('detector', 'attributes', 'landmarks')
REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
#: role -> (config, work dir) of the models ``make demo`` trains (Makefile)
DEMO_MODELS = {
    'detector':
    ('configs/composite_fields/composite-fields-category_res18-single-b-'
     'fork-demo_synthfashion-multi-garment-97x97.py',
     'work_dirs/demo/detector'),
    'attributes':
    ('configs/multitask/mtl_res18-demo_synthfashion-deepfashion-c-'
     '128x128.py', 'work_dirs/demo/attributes'),
}


def parse_args(argv: Optional[Sequence[str]] = None):
    # the summary line, then the rest of the docstring after the usage
    parser = ArgumentParser(
        description=__doc__.split('\n')[0],
        epilog='\n\n'.join(__doc__.split('\n\n')[2:]),
        formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument(
        'inputs', nargs='+', help='image files and / or folders of images')
    parser.add_argument(
        '--out-dir',
        required=True,
        help='folder for the drawings (.jpg) and results (.json); created '
        'if missing')
    parser.add_argument(
        '--detector',
        help='config of the bottom-up model with a category field. '
        "Default: the models of `make demo` (detector and attributes)")
    parser.add_argument('--detector-weights', help='its checkpoint')
    parser.add_argument(
        '--attributes', help='config of a multi-task model (attributes)')
    parser.add_argument('--attributes-weights', help='its checkpoint')
    parser.add_argument(
        '--landmarks', help='config of a top-down landmark model')
    parser.add_argument('--landmarks-weights', help='its checkpoint')
    parser.add_argument(
        '--device', default='cpu', help='torch device. Default: cpu')
    parser.add_argument(
        '--batch-size',
        type=int,
        default=1,
        help='images a forward pass of the detector. Default: 1')
    return parser.parse_args(argv)


def output_stems(paths: List[str]) -> List[str]:
    """One file stem a path, unique: the file's stem, ``_1``, ``_2``...
    added to a stem already taken."""
    used = set()
    stems = []
    for path in paths:
        stem = osp.splitext(osp.basename(path))[0]
        unique, count = stem, 0
        while unique in used:
            count += 1
            unique = f'{stem}_{count}'
        used.add(unique)
        stems.append(unique)
    return stems


def draw(image: np.ndarray, result: dict,
         inferencer: FashionInferencer) -> np.ndarray:
    """The BGR image with each garment of ``result`` drawn: its box, its
    landmarks as dots joined by its landmark model's ``skeleton_links``,
    and a label in the garment's colour at the box's top left (category
    and score, then the best attribute of each type), labels over the
    lines; sizes follow the image's."""
    image = image.copy()
    size = max(image.shape[:2])
    thickness = max(size // 300, 1)
    font_scale = max(size / 1000, 0.35)
    labels = []
    for index, garment in enumerate(result['garments']):
        colour = GARMENT_COLOURS[index % len(GARMENT_COLOURS)]
        x1, y1, x2, y2 = (int(round(v)) for v in garment['bbox'])
        cv2.rectangle(image, (x1, y1), (x2, y2), colour, thickness)
        # by name: a garment may have some of its model's landmarks only
        # (the all-category DeepFashion2 model's: its category's slots)
        points = {
            p['name']: (int(round(p['x'])), int(round(p['y'])))
            for p in garment['landmarks']
        }
        meta = inferencer.models[garment['landmark_source']].dataset_meta
        names = meta['keypoint_id2name']
        for start, end in meta.get('skeleton_links', []):
            if names[start] in points and names[end] in points:
                cv2.line(image, points[names[start]], points[names[end]],
                         colour, thickness, cv2.LINE_AA)
        for point in points.values():
            cv2.circle(image, point, 2 * thickness, colour, -1, cv2.LINE_AA)
        category = garment['category']
        lines = [f'{category["name"]} {category["score"]:.2f}'] + [
            f'{group}: {attributes[0]["name"]}'
            for group, attributes in garment['attributes'].items()
            if attributes
        ]
        labels.append(((x1, y1), colour, lines))
    for (x, y), colour, lines in labels:
        blue, green, red = colour
        text_colour = (0, 0, 0) if (0.114 * blue + 0.587 * green +
                                    0.299 * red) > 128 else (255, 255, 255)
        for line in lines:
            (width, height), baseline = cv2.getTextSize(
                line, cv2.FONT_HERSHEY_SIMPLEX, font_scale, 1)
            cv2.rectangle(image, (x, y), (x + width + 2,
                                          y + height + baseline + 2),
                          colour, -1)
            cv2.putText(image, line, (x + 1, y + height + 1),
                        cv2.FONT_HERSHEY_SIMPLEX, font_scale, text_colour,
                        1, cv2.LINE_AA)
            y += height + baseline + 2
    return image


def use_demo_models(args, repo_root: str = REPO_ROOT) -> None:
    """Give ``args`` the models of :data:`DEMO_MODELS` it has no config
    for, each with the last checkpoint of its work dir under
    ``repo_root``.

    Raises:
        SystemExit: Naming the missing checkpoint and how to get it.
    """
    for role, (config, work_dir) in DEMO_MODELS.items():
        if getattr(args, role) is not None:
            continue
        pointer = osp.join(repo_root, work_dir, 'last_checkpoint')
        if not osp.isfile(pointer):
            raise SystemExit(
                f'No --detector given and the demo\'s {role} model is '
                f'missing ({pointer} not found): run `make demo` in '
                f'{repo_root} (it trains the demo models on 2 CPU cores in '
                'about 13 minutes), or give your models: --detector '
                'CONFIG --detector-weights CKPT [--attributes CONFIG '
                '--attributes-weights CKPT].')
        with open(pointer) as f:
            checkpoint = f.read().strip()
        setattr(args, role, osp.join(repo_root, config))
        setattr(args, f'{role}_weights',
                osp.join(repo_root, work_dir, osp.basename(checkpoint)))


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    if args.detector is None:
        use_demo_models(args)
    for role in ROLES:
        config = getattr(args, role)
        if config is not None and getattr(args, f'{role}_weights') is None:
            print(f'No --{role}-weights given: the {role} model runs '
                  'UNTRAINED; its predictions are not meaningful.')
    inferencer = FashionInferencer(
        args.detector, args.detector_weights, args.attributes,
        args.attributes_weights, args.landmarks, args.landmarks_weights,
        device=args.device)
    images = inferencer.collect_inputs(args.inputs)
    stems = output_stems(images)
    totals = dict(detection=0.0, attributes=0.0, landmarks=0.0)
    began = time.perf_counter()
    described = inferencer(
        images, batch_size=args.batch_size, return_images=True)
    for stem, (image, result) in tqdm(
            zip(stems, described), total=len(images), unit='image'):
        for step, seconds in result['timings'].items():
            totals[step] += seconds
        with atomic_open(osp.join(args.out_dir, f'{stem}.json')) as f:
            json.dump(result, f, indent=2, allow_nan=False)
        drawing = draw(image, result, inferencer)
        with atomic_path(osp.join(args.out_dir, f'{stem}.jpg')) as tmp:
            if not cv2.imwrite(tmp, drawing):
                raise OSError(f'could not write the drawing of {stem} to '
                              f'{args.out_dir}')
    elapsed = time.perf_counter() - began
    print(f'{len(images)} image(s) in {elapsed:.2f} s: '
          f'{len(images) / elapsed:.2f} images/s, written to '
          f'{args.out_dir}')
    print('time: ' + ', '.join(f'{step} {seconds:.2f} s'
                               for step, seconds in totals.items()))


if __name__ == '__main__':
    main()
