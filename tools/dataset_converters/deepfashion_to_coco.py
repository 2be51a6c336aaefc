r"""Convert the DeepFashion Category-and-Attribute benchmark to COCO-style
keypoint json: ``deepfashion_{upper,lower,full}_{train,val,test}.json``.

    python tools/dataset_converters/deepfashion_to_coco.py \
        --root data/deepfashion --out-dir data/deepfashion/annotations \
        [--check-images]

The synthetic set that ``make data`` generates
(``data/synthfashion/deepfashion``) converts the same way:

    python tools/dataset_converters/deepfashion_to_coco.py \
        --root data/synthfashion/deepfashion \
        --out-dir data/synthfashion/deepfashion/annotations

Bad rows are logged and skipped, and a summary is printed; a missing
required file stops the run with an error naming it and exit status 1
(``docs/datasets.md``).
"""
import sys

from mmfashion_lm.datasets.converters import convert_deepfashion
from mmfashion_lm.datasets.converters.cli import run_converter

if __name__ == '__main__':
    sys.exit(run_converter(convert_deepfashion, __doc__))
