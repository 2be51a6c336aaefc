r"""Convert DeepFashion2 to COCO-style keypoint json as its official
conversion does (294 x 3 keypoints): ``deepfashion2_{train,validation}.json``.

    python tools/dataset_converters/deepfashion2_to_coco.py \
        --root data/deepfashion2 --out-dir data/deepfashion2/annotations \
        [--check-images]

The synthetic set that ``make data`` generates
(``data/synthfashion/deepfashion2``) converts the same way:

    python tools/dataset_converters/deepfashion2_to_coco.py \
        --root data/synthfashion/deepfashion2 \
        --out-dir data/synthfashion/deepfashion2/annotations

Bad rows are logged and skipped, and a summary is printed; a missing
required file stops the run with an error naming it and exit status 1
(``docs/datasets.md``).
"""
import sys

from mmfashion_lm.datasets.converters import convert_deepfashion2
from mmfashion_lm.datasets.converters.cli import run_converter

if __name__ == '__main__':
    sys.exit(run_converter(convert_deepfashion2, __doc__))
