"""DeepFashion Category-and-Attribute benchmark -> COCO-style keypoint json.

Writes ``deepfashion_{upper,lower,full}_{train,val,test}.json``: each image's
garment goes to the subset of its clothes type with that layout's 6 / 4 / 8
landmarks, and carries its ``category_label`` (0-based) and
``attribute_ids`` (0-based ids of the positive attributes).
"""
import os.path as osp
from typing import Dict, Tuple

from .coco_json import CocoKeypointJson, write_jsons
from .images import ImageSizeReader
from ..metainfo.deepfashion import SUBSETS
from .landmark_list import SPLITS, LandmarkListReader, landmark_category
from .list_file import (ListRow, index_list_file, lookup, parse_int,
                        read_list_file)
from .report import (BAD_VALUE, OUT_OF_RANGE, WRONG_ATTRIBUTE_COUNT, BadRow,
                     ConversionReport)

_ATTRIBUTE_VALUES = {'1', '-1', '0'}  # positive, negative, unknown


def _count_rows(path: str) -> int:
    return sum(1 for _ in read_list_file(path))


class _LabelParsers:
    """Row parsers for the category and attribute lists, which check the
    values against the numbers of categories and attributes."""

    def __init__(self, num_categories: int, num_attributes: int) -> None:
        self.num_categories = num_categories
        self.num_attributes = num_attributes

    def category(self, row: ListRow) -> int:
        row.expect_fields(2)
        label = parse_int(row.fields[1])
        if not 1 <= label <= self.num_categories:
            raise BadRow(
                OUT_OF_RANGE, f'category label {label}, expected 1 '
                f'to {self.num_categories}')
        return label - 1

    def attributes(self, row: ListRow) -> Tuple[int, ...]:
        values = row.fields[1:]
        if len(values) != self.num_attributes:
            raise BadRow(
                WRONG_ATTRIBUTE_COUNT, f'{len(values)} values, '
                f'expected {self.num_attributes}')
        unknown = set(values) - _ATTRIBUTE_VALUES
        if unknown:
            raise BadRow(BAD_VALUE, f'attribute values {sorted(unknown)}')
        return tuple(i for i, value in enumerate(values) if value == '1')


def convert_deepfashion(root: str,
                        out_dir: str,
                        check_images: bool = False,
                        progress: bool = False) -> ConversionReport:
    """Convert a DeepFashion Category-and-Attribute root.

    Args:
        root (str): the folder holding ``Anno/``, ``Eval/`` and ``img/``.
        out_dir (str): where the nine json files are written.
        check_images (bool): whether every image is decoded in full, so
            that corrupt ones are skipped as missing ones always are.
        progress (bool): whether progress bars are shown on stderr.

    Returns:
        ConversionReport: what was converted and skipped.

    Raises:
        FileNotFoundError: naming a required list file that is missing.
    """
    report = ConversionReport('DeepFashion', progress)
    image_sizes = ImageSizeReader(root, decode=check_images)
    anno = osp.join(root, 'Anno')
    parsers = _LabelParsers(
        _count_rows(osp.join(anno, 'list_category_cloth.txt')),
        _count_rows(osp.join(anno, 'list_attr_cloth.txt')))
    categories = index_list_file(
        osp.join(anno, 'list_category_img.txt'), report, parsers.category)
    attributes = index_list_file(
        osp.join(anno, 'list_attr_img.txt'), report, parsers.attributes)
    landmarks = LandmarkListReader(root, report, full_layout=False)

    jsons: Dict[str, CocoKeypointJson] = {
        f'deepfashion_{subset}_{split}.json':
        CocoKeypointJson(image_sizes,
                         f'DeepFashion {subset}-body clothes, {split} split',
                         [landmark_category(subset)])
        for subset in SUBSETS
        for split in SPLITS
    }
    for record in landmarks:
        with report.row(record.where):
            jsons[f'deepfashion_{record.subset}_{record.split}.json'].add(
                record.name,
                record.bbox,
                record.keypoints,
                clothes_type=record.clothes_type,
                variation_type=record.variation_type,
                category_label=lookup(categories, record.name,
                                      'list_category_img.txt'),
                attribute_ids=list(
                    lookup(attributes, record.name, 'list_attr_img.txt')))
    write_jsons(jsons, out_dir, report)
    return report
