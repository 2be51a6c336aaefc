r"""Generate the synthetic garment dataset in the DeepFashion, FLD and
DeepFashion2 on-disk layouts.

    python tools/misc/generate_synthfashion.py --out DIR [--num-images N]
        [--seed S] [--image-size W H] [--layouts LAYOUT ...] [--workers P]

Writes ``DIR/deepfashion``, ``DIR/fld`` and ``DIR/deepfashion2`` (those of
``--layouts``) in the formats of ``docs/formats_contract.md``; convert them
with ``tools/dataset_converters/`` (``docs/datasets.md``). Write into a fresh
``--out`` folder. Example, what ``make data`` runs:

    python tools/misc/generate_synthfashion.py --out data/synthfashion \
        --workers 2
"""
import argparse

from tqdm import tqdm

from mmfashion_lm.datasets.synthetic import LAYOUTS, generate_synthfashion


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        '--out',
        required=True,
        help='dataset root to write, one subfolder per layout (use a fresh '
        'folder)')
    parser.add_argument(
        '--num-images',
        type=int,
        default=1000,
        help='images per layout (>= 1). Default: 1000')
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='random seed (>= 0); the same seed writes the same bytes. '
        'Default: 0')
    parser.add_argument(
        '--image-size',
        type=int,
        nargs=2,
        default=(192, 192),
        metavar=('W', 'H'),
        help='image width and height in pixels (each >= 32). '
        'Default: 192 192')
    parser.add_argument(
        '--layouts',
        nargs='+',
        default=list(LAYOUTS),
        choices=list(LAYOUTS),
        help='layouts to write. Default: all three')
    parser.add_argument(
        '--workers',
        type=int,
        default=1,
        help='processes drawing images (1: drawn in this process); the '
        'output does not depend on it. Default: 1')
    args = parser.parse_args()
    if args.num_images < 1 or min(args.image_size) < 32 or args.seed < 0:
        parser.error('need --num-images >= 1, --image-size >= 32 32 and '
                     '--seed >= 0')
    return args


def main() -> None:
    args = parse_args()
    total = args.num_images * len(args.layouts)
    with tqdm(total=total, unit='img', desc='synthfashion') as bar:
        generate_synthfashion(
            args.out,
            num_images=args.num_images,
            seed=args.seed,
            image_size=tuple(args.image_size),
            layouts=args.layouts,
            workers=args.workers,
            on_image=bar.update)
    print(f'wrote {", ".join(args.layouts)} under {args.out}')


if __name__ == '__main__':
    main()
