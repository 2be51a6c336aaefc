"""Building and writing one COCO-style keypoint json."""
import json
import os.path as osp
from typing import Dict, List, Sequence, Tuple

import numpy as np
from PIL import Image

from mmfashion_lm.utils.io import atomic_path
from .report import BAD_VALUE, MISSING_IMAGE, BadRow, ConversionReport


def read_image_size(path: str) -> Tuple[int, int]:
    """Return ``(width, height)`` of an image from its header.

    PIL opens lazily, so the pixels are not decoded: this stays fast on the
    hundreds of thousands of images of the real datasets.

    Raises:
        BadRow: when the image is missing or not an image.
    """
    try:
        with Image.open(path) as image:
            return image.size
    # A missing file and a file PIL cannot identify both raise an OSError.
    except OSError as error:
        raise BadRow(MISSING_IMAGE, str(error)) from None


class CocoKeypointJson:
    """The images, annotations and categories of one output json.

    Image and annotation ids count from 1 in the order things are added.

    Args:
        root (str): the dataset root; image file names are relative to it.
        description (str): the json's ``info.description``.
        categories (list[dict]): the json's ``categories``.
    """

    def __init__(self, root: str, description: str,
                 categories: List[dict]) -> None:
        self.root = root
        self.info = dict(description=description)
        self.categories = categories
        self.images: List[dict] = []
        self.annotations: List[dict] = []
        self._image_ids: Dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.annotations)

    def _image_id(self, file_name: str) -> int:
        """Id of the image ``file_name``, added (its size read from the
        file) on first use."""
        if file_name not in self._image_ids:
            width, height = read_image_size(osp.join(self.root, file_name))
            self.images.append(
                dict(
                    id=len(self.images) + 1,
                    file_name=file_name,
                    width=width,
                    height=height))
            self._image_ids[file_name] = len(self.images)
        return self._image_ids[file_name]

    def add(self,
            file_name: str,
            bbox_xyxy: Sequence[float],
            keypoints: np.ndarray,
            category_id: int = 1,
            **extra) -> None:
        """Add one annotation, and its image if new.

        Args:
            file_name (str): the image, relative to ``root``.
            bbox_xyxy (sequence): ``x1, y1, x2, y2``; written as xywh.
            keypoints (np.ndarray): ``(K, 3)`` x, y and COCO visibility
                (2 visible, 1 occluded, 0 absent with x = y = 0).
            category_id (int): the COCO category.
            **extra: fields written as they are (category label, style...).

        Raises:
            BadRow: for an empty box or a missing image; nothing is added.
        """
        x1, y1, x2, y2 = bbox_xyxy
        if x2 <= x1 or y2 <= y1:
            raise BadRow(BAD_VALUE, f'empty box {list(bbox_xyxy)}')
        image_id = self._image_id(file_name)
        width, height = x2 - x1, y2 - y1
        self.annotations.append(
            dict(
                id=len(self.annotations) + 1,
                image_id=image_id,
                category_id=category_id,
                bbox=[x1, y1, width, height],
                area=width * height,
                iscrowd=0,
                num_keypoints=int(np.count_nonzero(keypoints[:, 2])),
                keypoints=keypoints.reshape(-1).tolist(),
                **extra))

    def dump(self, path: str) -> None:
        """Write the json to ``path`` atomically (no half-written file is
        left if this fails)."""
        content = dict(
            info=self.info,
            images=self.images,
            annotations=self.annotations,
            categories=self.categories)
        with atomic_path(path) as tmp, open(tmp, 'w') as f:
            json.dump(content, f, separators=(',', ':'))


def write_jsons(jsons: Dict[str, CocoKeypointJson], out_dir: str,
                report: ConversionReport) -> None:
    """Dump every json to ``out_dir/<file name>``, counting its annotations
    in ``report``.

    Args:
        jsons (dict): output file name -> its json.
        out_dir (str): the output folder, created when missing.
        report (ConversionReport): the run's tally.
    """
    for file_name, coco in jsons.items():
        coco.dump(osp.join(out_dir, file_name))
        report.add(file_name, len(coco))
