r"""Convert the Fashion Landmark Detection (FLD) benchmark to COCO-style
keypoint json: ``fld_{train,val,test}.json``.

    python tools/dataset_converters/fld_to_coco.py \
        --root data/fld --out-dir data/fld/annotations
"""
import sys

from mmfashion_lm.datasets.converters import convert_fld
from mmfashion_lm.datasets.converters.cli import run_converter

if __name__ == '__main__':
    sys.exit(run_converter(convert_fld, __doc__))
