"""Building and writing one COCO-style keypoint json."""
import json
import os.path as osp
from typing import Dict, List, Sequence

import numpy as np

from mmfashion_lm.utils.io import atomic_path
from .images import ImageSizeReader
from .report import BAD_VALUE, BadRow, ConversionReport


class CocoKeypointJson:
    """The images, annotations and categories of one output json.

    Image and annotation ids count from 1 in the order things are added.

    Args:
        image_sizes (ImageSizeReader): reads the size of each new image;
            image file names are relative to its root.
        description (str): the json's ``info.description``.
        categories (list[dict]): the json's ``categories``.
    """

    def __init__(self, image_sizes: ImageSizeReader, description: str,
                 categories: List[dict]) -> None:
        self.image_sizes = image_sizes
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
            width, height = self.image_sizes(file_name)
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
            BadRow: for an empty box or a missing or unreadable image;
                nothing is added.
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
