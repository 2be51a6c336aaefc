r"""Convert the Fashion Landmark Detection (FLD) benchmark to COCO-style
keypoint json: ``fld_{train,val,test}.json``.

    python tools/dataset_converters/fld_to_coco.py \
        --root data/fld --out-dir data/fld/annotations \
        [--check-images]

The synthetic set that ``make data`` generates
(``data/synthfashion/fld``) converts the same way:

    python tools/dataset_converters/fld_to_coco.py \
        --root data/synthfashion/fld \
        --out-dir data/synthfashion/fld/annotations

Bad rows are logged and skipped, and a summary is printed; a missing
required file stops the run with an error naming it and exit status 1
(``docs/datasets.md``).
"""
import sys

from mmfashion_lm.datasets.converters import convert_fld
from mmfashion_lm.datasets.converters.cli import run_converter

if __name__ == '__main__':
    sys.exit(run_converter(convert_fld, __doc__))
