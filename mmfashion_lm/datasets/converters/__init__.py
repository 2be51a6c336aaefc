"""Converters from the fashion datasets' native files to COCO-style
keypoint json (see docs/datasets.md and docs/formats_contract.md)."""
from .coco_json import CocoKeypointJson, write_jsons
from .deepfashion import convert_deepfashion
from .deepfashion2 import (CATEGORY_SLICES, DF2_CATEGORIES, NUM_SLOTS,
                           convert_deepfashion2)
from .fld import convert_fld
from .images import ImageSizeReader, read_image_size
from .landmark_list import (CLOTHES_TYPE_SUBSETS, FULL_LANDMARKS, SUBSET_SLOTS,
                            LandmarkListReader)
from .list_file import ListRow, index_list_file, read_list_file
from .report import BadRow, ConversionReport

__all__ = [
    'CocoKeypointJson', 'ImageSizeReader', 'read_image_size', 'write_jsons',
    'convert_deepfashion', 'convert_deepfashion2', 'convert_fld',
    'CATEGORY_SLICES', 'DF2_CATEGORIES', 'NUM_SLOTS', 'CLOTHES_TYPE_SUBSETS',
    'FULL_LANDMARKS', 'SUBSET_SLOTS', 'LandmarkListReader', 'ListRow',
    'index_list_file', 'read_list_file', 'BadRow', 'ConversionReport'
]
