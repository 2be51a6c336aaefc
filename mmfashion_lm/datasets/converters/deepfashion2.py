"""DeepFashion2 per-image json -> COCO-style keypoint json.

Writes ``deepfashion2_{train,validation}.json`` as DeepFashion2's official
conversion does: one annotation per item with 294 x 3 keypoints, the item's
landmarks in its category's slice and zeros elsewhere, ``category_id`` the
DeepFashion2 category (1..13, also as ``df2_category_id``), bbox as xywh,
area = w * h, the item's ``style`` and ``segmentation`` (its polygons,
``[]`` when it has none) and the image's ``pair_id`` kept, categories
listing the 13 classes with keypoint names '1'..'294'.

When every item of a split also carries ``deepfashion_landmarks`` (an
extension of the synthetic set: the item's 8 DeepFashion landmarks of the
full-body layout, 24 integers ``x y v`` in DeepFashion2's visibility), it
also writes ``deepfashion2_<split>_deepfashion.json``: the same images and
items (same ids), 8 keypoints each, ``category_id`` 1 (one class, as the
DeepFashion / FLD json), the item's bbox and area, ``clothes_type`` (the
DeepFashion clothes type of its category,
:data:`~mmfashion_lm.datasets.metainfo.deepfashion2.DEEPFASHION_SUBSETS`),
``df2_category_id``, ``style``, ``pair_id`` and ``segmentation``. The real
DeepFashion2 has no such field, so the file is not written for it. It is
not counted in the report (its items are those of the main json).
"""
import json
import logging
import os
import os.path as osp
import re
from typing import Any, Dict, List, Mapping, Optional

import numpy as np

from ..metainfo.deepfashion import (CLOTHES_TYPE_SUBSETS, LANDMARKS,
                                    SUBSET_SLOTS)
from ..metainfo.deepfashion2 import (CATEGORIES, CATEGORY_SLICES,
                                     DEEPFASHION_SUBSETS, NUM_SLOTS)
from .coco_json import CocoKeypointJson, write_jsons
from .images import ImageSizeReader
from .landmark_list import landmark_category
from .report import (BAD_VALUE, LANDMARK_MISMATCH, OUT_OF_RANGE,
                     UNREADABLE_FILE, BadRow, ConversionReport)

SPLITS = ('train', 'validation')
_ITEM_KEY = re.compile(r'item(\d+)$')
#: The synthetic set's per-item field of DeepFashion landmarks.
DEEPFASHION_FIELD = 'deepfashion_landmarks'
_CLOTHES_TYPES = {
    subset: clothes_type
    for clothes_type, subset in CLOTHES_TYPE_SUBSETS.items()
}

logger = logging.getLogger(__name__)


def coco_categories() -> List[dict]:
    """The ``categories`` list of the official conversion."""
    keypoint_names = [str(i) for i in range(1, NUM_SLOTS + 1)]
    return [
        dict(
            id=category['id'],
            name=category['name'],
            supercategory='clothes',
            keypoints=keypoint_names,
            skeleton=[]) for category in CATEGORIES
    ]


def _field(mapping: Mapping[str, Any], key: str) -> Any:
    if key not in mapping:
        raise BadRow(BAD_VALUE, f'no {key!r}')
    return mapping[key]


def _slot_keypoints(item: Mapping[str, Any]) -> np.ndarray:
    """The item's landmarks placed in its category's slice of 294 slots."""
    category_id = _field(item, 'category_id')
    if category_id not in CATEGORY_SLICES:
        raise BadRow(
            OUT_OF_RANGE, f'category_id {category_id!r}, expected '
            f'1 to {len(CATEGORY_SLICES)}')
    slot = CATEGORY_SLICES[category_id]
    landmarks = np.array(_field(item, 'landmarks'))
    if landmarks.dtype.kind not in 'iuf':
        raise BadRow(BAD_VALUE, 'landmarks are not numbers')
    expected = slot.stop - slot.start
    if landmarks.ndim != 1 or landmarks.size != 3 * expected:
        raise BadRow(
            LANDMARK_MISMATCH,
            f'{landmarks.size} values for category {category_id}, expected '
            f'{expected} landmarks x 3')
    landmarks = landmarks.reshape(-1, 3)
    if not np.isin(landmarks[:, 2], (0, 1, 2)).all():
        raise BadRow(BAD_VALUE, f'visibility {landmarks[:, 2].tolist()}')
    keypoints = np.zeros((NUM_SLOTS, 3), dtype=landmarks.dtype)
    keypoints[slot] = landmarks
    return keypoints


def _deepfashion_keypoints(item: Mapping[str, Any],
                           category_id: int) -> Optional[np.ndarray]:
    """The item's ``deepfashion_landmarks`` as ``(8, 3)`` x, y, v, or None
    when it has none; the slots its category's clothes type lacks must be
    unlabelled (v = 0), as in an FLD row."""
    if DEEPFASHION_FIELD not in item:
        return None
    landmarks = np.array(item[DEEPFASHION_FIELD])
    if landmarks.dtype.kind not in 'iuf':
        raise BadRow(BAD_VALUE, f'{DEEPFASHION_FIELD} are not numbers')
    if landmarks.ndim != 1 or landmarks.size != 3 * len(LANDMARKS):
        raise BadRow(
            LANDMARK_MISMATCH, f'{landmarks.size} values of '
            f'{DEEPFASHION_FIELD}, expected {len(LANDMARKS)} landmarks x 3')
    landmarks = landmarks.reshape(-1, 3)
    if not np.isin(landmarks[:, 2], (0, 1, 2)).all():
        raise BadRow(
            BAD_VALUE,
            f'{DEEPFASHION_FIELD} visibility {landmarks[:, 2].tolist()}')
    lacking = np.ones(len(LANDMARKS), bool)
    lacking[list(SUBSET_SLOTS[DEEPFASHION_SUBSETS[category_id]])] = False
    if landmarks[lacking, 2].any():
        raise BadRow(
            LANDMARK_MISMATCH, f'{DEEPFASHION_FIELD} label slots '
            f'{np.flatnonzero(lacking & (landmarks[:, 2] > 0)).tolist()} '
            f'that category {category_id} '
            f'({DEEPFASHION_SUBSETS[category_id]} body) lacks')
    return landmarks


class _DeepFashionLayoutJson:
    """The 8-landmark json of one split, kept while every item so far has
    ``deepfashion_landmarks``."""

    def __init__(self, image_sizes: ImageSizeReader, split: str) -> None:
        self.coco = CocoKeypointJson(
            image_sizes,
            f'DeepFashion2, {split} split, DeepFashion landmarks',
            [landmark_category('full')])
        self.complete = True

    def add(self, image: str, bbox: list, keypoints: Optional[np.ndarray],
            **extra) -> None:
        """Add an item already added to the main json; an item without
        the field (None) drops the json."""
        if keypoints is None:
            self.complete = False
        if self.complete:
            self.coco.add(image, bbox, keypoints, category_id=1, **extra)

    @property
    def written(self) -> bool:
        """Whether the split's json is written: every item had the field."""
        return self.complete and len(self.coco) > 0


def _load_annotation(path: str) -> Dict[str, Any]:
    try:
        with open(path, encoding='utf-8') as f:
            annotation = json.load(f)
    except (OSError, ValueError) as error:
        raise BadRow(UNREADABLE_FILE, str(error)) from None
    if not isinstance(annotation, dict):
        raise BadRow(UNREADABLE_FILE, 'not a json object')
    return annotation


def _convert_file(coco: CocoKeypointJson,
                  deepfashion: _DeepFashionLayoutJson, split: str, path: str,
                  report: ConversionReport) -> None:
    """Add the items of one per-image annotation file to ``coco`` and
    ``deepfashion``."""
    annotation = None
    with report.row(path):
        annotation = _load_annotation(path)
    if annotation is None:
        return
    stem = osp.splitext(osp.basename(path))[0]
    image = f'{split}/image/{stem}.jpg'
    items = sorted((key for key in annotation if _ITEM_KEY.match(key)),
                   key=lambda key: int(_ITEM_KEY.match(key).group(1)))
    for key in items:
        with report.row(f'{path}:{key}'):
            item = annotation[key]
            if not isinstance(item, dict):
                raise BadRow(BAD_VALUE, f'{key} is not a json object')
            category_id = _field(item, 'category_id')
            bbox = _field(item, 'bounding_box')
            if not (isinstance(bbox, list) and len(bbox) == 4
                    and all(isinstance(v, (int, float)) for v in bbox)):
                raise BadRow(BAD_VALUE, f'bounding_box {bbox}')
            keypoints = _slot_keypoints(item)
            deepfashion_keypoints = _deepfashion_keypoints(item, category_id)
            extra = dict(
                df2_category_id=category_id,
                style=_field(item, 'style'),
                pair_id=_field(annotation, 'pair_id'),
                segmentation=item.get('segmentation', []))
            coco.add(image, bbox, keypoints, category_id=category_id, **extra)
            deepfashion.add(
                image,
                bbox,
                deepfashion_keypoints,
                clothes_type=_CLOTHES_TYPES[DEEPFASHION_SUBSETS[category_id]],
                **extra)


def convert_deepfashion2(root: str,
                         out_dir: str,
                         check_images: bool = False,
                         progress: bool = False) -> ConversionReport:
    """Convert a DeepFashion2 root.

    Args:
        root (str): the folder holding ``train/`` and / or ``validation/``,
            each with ``image/`` and ``annos/``.
        out_dir (str): where ``deepfashion2_<split>.json`` files are
            written, one per split found, and
            ``deepfashion2_<split>_deepfashion.json`` for a split whose
            items all carry ``deepfashion_landmarks`` (the synthetic set).
        check_images (bool): whether every image is decoded in full, so
            that corrupt ones are skipped as missing ones always are; an
            image is read once however many items it holds.
        progress (bool): whether progress bars are shown on stderr.

    Returns:
        ConversionReport: what was converted and skipped.

    Raises:
        FileNotFoundError: when no split has an ``annos`` folder.
    """
    splits = [s for s in SPLITS if osp.isdir(osp.join(root, s, 'annos'))]
    if not splits:
        raise FileNotFoundError('required folder not found: ' + ' or '.join(
            osp.join(root, s, 'annos') for s in SPLITS))
    report = ConversionReport('DeepFashion2', progress)
    image_sizes = ImageSizeReader(root, decode=check_images)
    jsons: Dict[str, CocoKeypointJson] = {}
    deepfashion_jsons: Dict[str, _DeepFashionLayoutJson] = {}
    for split in splits:
        coco = CocoKeypointJson(image_sizes, f'DeepFashion2, {split} split',
                                coco_categories())
        deepfashion = _DeepFashionLayoutJson(image_sizes, split)
        anno_dir = osp.join(root, split, 'annos')
        names = sorted(
            name for name in os.listdir(anno_dir) if name.endswith('.json'))
        for name in report.track(names, f'{split}/annos', unit='file'):
            _convert_file(coco, deepfashion, split,
                          osp.join(anno_dir, name), report)
        jsons[f'deepfashion2_{split}.json'] = coco
        deepfashion_jsons[f'deepfashion2_{split}_deepfashion.json'] = \
            deepfashion
    write_jsons(jsons, out_dir, report)
    for file_name, deepfashion in deepfashion_jsons.items():
        if deepfashion.written:
            deepfashion.coco.dump(osp.join(out_dir, file_name))
            logger.info('%s: %d items with their DeepFashion landmarks',
                        file_name, len(deepfashion.coco))
    return report
