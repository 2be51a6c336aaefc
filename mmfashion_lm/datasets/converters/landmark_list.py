"""What DeepFashion (Category and Attribute) and FLD share:
``Anno/list_landmarks.txt`` rows joined with their box (``Anno/list_bbox.txt``)
and split (``Eval/list_eval_partition.txt``), in the landmark layouts of
:mod:`mmfashion_lm.datasets.metainfo.deepfashion`.
"""
import os.path as osp
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence, Tuple

import numpy as np

from ..metainfo.deepfashion import (CLOTHES_TYPE_SUBSETS, LANDMARKS,
                                    SUBSET_SLOTS, subset_landmarks)
from .list_file import (ListRow, index_list_file, lookup, parse_int,
                        require_file, track_list_file)
from .report import (BAD_VALUE, LANDMARK_MISMATCH, OUT_OF_RANGE, UNKNOWN_SPLIT,
                     WRONG_FIELD_COUNT, BadRow, ConversionReport)

SPLITS = ('train', 'val', 'test')

# DeepFashion visibility 0 visible, 1 occluded, 2 truncated -> COCO 2, 1, 0.
_COCO_VISIBILITY = np.array([2, 1, 0])


def landmark_category(subset: str) -> dict:
    """The COCO ``categories`` entry of the layout of ``subset``."""
    return dict(
        id=1,
        name='clothes',
        supercategory='clothes',
        keypoints=list(subset_landmarks(subset)),
        skeleton=[])


def to_coco_keypoints(fields: Sequence[str]) -> np.ndarray:
    """Turn ``vis x y`` triplets into ``(K, 3)`` COCO keypoints.

    A truncated landmark becomes x = y = 0 with visibility 0, whatever
    coordinates the row gives it: COCO's "absent".
    """
    values = np.array([parse_int(f) for f in fields]).reshape(-1, 3)
    visibility = values[:, 0]
    if not np.isin(visibility, (0, 1, 2)).all():
        raise BadRow(BAD_VALUE, f'visibility {visibility.tolist()}')
    keypoints = np.zeros_like(values)
    keypoints[:, :2] = values[:, 1:]
    keypoints[:, 2] = _COCO_VISIBILITY[visibility]
    keypoints[keypoints[:, 2] == 0, :2] = 0
    return keypoints


@dataclass
class LandmarkRecord:
    """One valid landmark row with its box and split.

    Attributes:
        where (str): ``file:line`` of the landmark row.
        name (str): the image name, relative to the dataset root.
        clothes_type (int): 1 upper, 2 lower, 3 full body.
        variation_type (int): the row's variation type.
        keypoints (np.ndarray): ``(K, 3)`` COCO keypoints.
        bbox (tuple[int]): ``x1, y1, x2, y2``.
        split (str): one of :data:`SPLITS`.
    """
    where: str
    name: str
    clothes_type: int
    variation_type: int
    keypoints: np.ndarray
    bbox: Tuple[int, int, int, int]
    split: str

    @property
    def subset(self) -> str:
        return CLOTHES_TYPE_SUBSETS[self.clothes_type]


def _parse_bbox(row: ListRow) -> Tuple[int, int, int, int]:
    row.expect_fields(5)
    x1, y1, x2, y2 = (parse_int(f) for f in row.fields[1:])
    return x1, y1, x2, y2


def _parse_split(row: ListRow) -> str:
    row.expect_fields(2)
    split = row.fields[1]
    if split not in SPLITS:
        raise BadRow(UNKNOWN_SPLIT, f'{split!r}, expected one of {SPLITS}')
    return split


class LandmarkListReader:
    """Reads the landmark list of a DeepFashion-family root and yields its
    valid rows joined with their box and split; bad rows are reported.

    Args:
        root (str): the dataset root (``Anno/``, ``Eval/``, ``img/``).
        report (ConversionReport): where bad rows are reported.
        full_layout (bool): whether every row carries all 8 landmarks of the
            full layout, with the slots its clothes type lacks truncated
            (FLD), or just the landmarks of its clothes type (DeepFashion).
    """

    def __init__(self, root: str, report: ConversionReport,
                 full_layout: bool) -> None:
        self.report = report
        self.full_layout = full_layout
        self.landmark_file = require_file(
            osp.join(root, 'Anno', 'list_landmarks.txt'))
        self.bboxes = index_list_file(
            osp.join(root, 'Anno', 'list_bbox.txt'), report, _parse_bbox)
        self.splits = index_list_file(
            osp.join(root, 'Eval', 'list_eval_partition.txt'), report,
            _parse_split)

    def __iter__(self) -> Iterator[LandmarkRecord]:
        for row in track_list_file(self.landmark_file, self.report):
            record: Optional[LandmarkRecord] = None
            with self.report.row(row.where):
                record = self._parse(row)
            if record is not None:
                yield record

    def _parse(self, row: ListRow) -> LandmarkRecord:
        if len(row.fields) < 3 or len(row.fields) % 3:
            raise BadRow(
                WRONG_FIELD_COUNT,
                f'{len(row.fields)} fields, expected 3 + 3 per '
                'landmark')
        name = row.fields[0]
        clothes_type, variation_type = (parse_int(f) for f in row.fields[1:3])
        if clothes_type not in CLOTHES_TYPE_SUBSETS:
            raise BadRow(OUT_OF_RANGE, f'clothes type {clothes_type}')
        subset = CLOTHES_TYPE_SUBSETS[clothes_type]
        keypoints = to_coco_keypoints(row.fields[3:])
        expected = len(
            LANDMARKS if self.full_layout else SUBSET_SLOTS[subset])
        if len(keypoints) != expected:
            raise BadRow(
                LANDMARK_MISMATCH,
                f'{len(keypoints)} landmarks for clothes type {clothes_type} '
                f'({subset}), expected {expected}')
        if self.full_layout:
            self._check_lacking_slots_absent(keypoints, subset)
        return LandmarkRecord(
            where=row.where,
            name=name,
            clothes_type=clothes_type,
            variation_type=variation_type,
            keypoints=keypoints,
            bbox=lookup(self.bboxes, name, 'list_bbox.txt'),
            split=lookup(self.splits, name, 'list_eval_partition.txt'))

    @staticmethod
    def _check_lacking_slots_absent(keypoints: np.ndarray,
                                    subset: str) -> None:
        lacking: List[int] = [
            i for i in range(len(LANDMARKS))
            if i not in SUBSET_SLOTS[subset]
        ]
        labelled = [LANDMARKS[i] for i in lacking if keypoints[i, 2]]
        if labelled:
            raise BadRow(LANDMARK_MISMATCH,
                         f'{subset} clothes with {labelled} labelled')
