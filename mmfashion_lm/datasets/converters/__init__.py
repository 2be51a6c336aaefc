"""Converters from the fashion datasets' native files to COCO-style
keypoint json (see docs/datasets.md and docs/formats_contract.md), in the
landmark layouts of :mod:`mmfashion_lm.datasets.metainfo`."""
from .coco_json import CocoKeypointJson, write_jsons
from .deepfashion import convert_deepfashion
from .deepfashion2 import convert_deepfashion2
from .fld import convert_fld
from .images import ImageSizeReader, read_image_size
from .landmark_list import LandmarkListReader
from .list_file import ListRow, index_list_file, read_list_file
from .report import BadRow, ConversionReport

__all__ = [
    'CocoKeypointJson', 'ImageSizeReader', 'read_image_size', 'write_jsons',
    'convert_deepfashion', 'convert_deepfashion2', 'convert_fld',
    'LandmarkListReader', 'ListRow', 'index_list_file', 'read_list_file',
    'BadRow', 'ConversionReport'
]
