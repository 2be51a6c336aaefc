"""DeepFashion2 per-image json -> COCO-style keypoint json.

Writes ``deepfashion2_{train,validation}.json`` as DeepFashion2's official
conversion does: one annotation per item with 294 x 3 keypoints, the item's
landmarks in its category's slice and zeros elsewhere, ``category_id`` the
DeepFashion2 category (1..13, also as ``df2_category_id``), bbox as xywh,
area = w * h, the item's ``style`` and ``segmentation`` (its polygons,
``[]`` when it has none) and the image's ``pair_id`` kept, categories
listing the 13 classes with keypoint names '1'..'294'.
"""
import json
import os
import os.path as osp
import re
from typing import Any, Dict, List, Mapping

import numpy as np

from ..metainfo.deepfashion2 import CATEGORIES, CATEGORY_SLICES, NUM_SLOTS
from .coco_json import CocoKeypointJson, write_jsons
from .images import ImageSizeReader
from .report import (BAD_VALUE, LANDMARK_MISMATCH, OUT_OF_RANGE,
                     UNREADABLE_FILE, BadRow, ConversionReport)

SPLITS = ('train', 'validation')
_ITEM_KEY = re.compile(r'item(\d+)$')


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


def _load_annotation(path: str) -> Dict[str, Any]:
    try:
        with open(path, encoding='utf-8') as f:
            annotation = json.load(f)
    except (OSError, ValueError) as error:
        raise BadRow(UNREADABLE_FILE, str(error)) from None
    if not isinstance(annotation, dict):
        raise BadRow(UNREADABLE_FILE, 'not a json object')
    return annotation


def _convert_file(coco: CocoKeypointJson, split: str, path: str,
                  report: ConversionReport) -> None:
    """Add the items of one per-image annotation file to ``coco``."""
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
            coco.add(
                image,
                bbox,
                _slot_keypoints(item),
                category_id=category_id,
                df2_category_id=category_id,
                style=_field(item, 'style'),
                pair_id=_field(annotation, 'pair_id'),
                segmentation=item.get('segmentation', []))


def convert_deepfashion2(root: str,
                         out_dir: str,
                         check_images: bool = False,
                         progress: bool = False) -> ConversionReport:
    """Convert a DeepFashion2 root.

    Args:
        root (str): the folder holding ``train/`` and / or ``validation/``,
            each with ``image/`` and ``annos/``.
        out_dir (str): where ``deepfashion2_<split>.json`` files are
            written, one per split found.
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
    for split in splits:
        coco = CocoKeypointJson(image_sizes, f'DeepFashion2, {split} split',
                                coco_categories())
        anno_dir = osp.join(root, split, 'annos')
        names = sorted(
            name for name in os.listdir(anno_dir) if name.endswith('.json'))
        for name in report.track(names, f'{split}/annos', unit='file'):
            _convert_file(coco, split, osp.join(anno_dir, name), report)
        jsons[f'deepfashion2_{split}.json'] = coco
    write_jsons(jsons, out_dir, report)
    return report
