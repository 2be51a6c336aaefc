"""What the DeepFashion and FLD layouts share: one garment per image, the
landmark, box and partition list files, and the visibility rules of their
landmark rows."""
import os.path as osp
from typing import List, Sequence, Tuple

import numpy as np

from ..metainfo.deepfashion import (CLOTHES_TYPE_SUBSETS, LANDMARKS,
                                    SUBSET_SLOTS)
from .annotation import GarmentAnnotation, Visibility
from .files import write_jpeg, write_list_file
from .scene import Scene, single_garment_scene
from .seeding import IMAGE, SPLIT, assign_splits, stream

SPLIT_SHARES = (('train', 0.8), ('val', 0.1), ('test', 0.1))
LANDMARK_HEADER = '  '.join(
    ['image_name', 'clothes_type', 'variation_type'] + [
        f'{field}_{i}' for i in range(1, len(LANDMARKS) + 1)
        for field in ('landmark_visibility', 'landmark_location_x',
                      'landmark_location_y')
    ])
BBOX_HEADER = 'image_name  x_1  y_1  x_2  y_2'
PARTITION_HEADER = 'image_name  evaluation_status'
# Slots of the 8 landmarks that each clothes type annotates.
CLOTHES_TYPE_SLOTS = {
    clothes_type: SUBSET_SLOTS[subset]
    for clothes_type, subset in CLOTHES_TYPE_SUBSETS.items()
}


def landmark_triplets(points: np.ndarray, visibility: np.ndarray) -> List[int]:
    """``vis x y`` per landmark in DeepFashion's codes (0 visible,
    1 occluded, 2 truncated or absent, then x = y = 0), integer pixels."""
    fields = []
    for (x, y), code in zip(points, visibility):
        if code in (Visibility.VISIBLE, Visibility.OCCLUDED):
            fields += [int(code), int(round(x)), int(round(y))]
        else:
            fields += [int(Visibility.TRUNCATED), 0, 0]
    return fields


def variation_type(annotation: GarmentAnnotation, angle: float) -> int:
    """DeepFashion's variation type: 1 normal pose, 2 medium pose, 3 large
    pose, 4 medium zoom-in, 5 large zoom-in (from truncation first, then
    the rotation)."""
    annotated = annotation.fld_visibility != Visibility.ABSENT
    cut = np.mean(annotation.fld_visibility[annotated] == Visibility.TRUNCATED)
    if cut > 0.3:
        return 5
    if cut > 0:
        return 4
    return 1 + (abs(angle) > 10) + (abs(angle) > 20)


class LandmarkListLayout:
    """Base of the DeepFashion-style layouts.

    Subclasses name the images and choose which landmark slots a row holds;
    they may add list files in :meth:`finish`.

    Args:
        root (str): the layout's folder (``DIR/<name>``).
        num_images (int): how many images.
        seed (int): the generator's seed (splits; the images are drawn by
            :meth:`render`).
    """
    name = ''

    def __init__(self, root: str, num_images: int, seed: int) -> None:
        self.root = root
        self.splits = assign_splits(num_images, SPLIT_SHARES,
                                    stream(seed, self.name, SPLIT))
        self.landmark_rows: List[list] = []
        self.bbox_rows: List[list] = []
        self.partition_rows: List[list] = []

    @classmethod
    def render(cls, seed: int, image_size: Tuple[int, int],
               index: int) -> Scene:
        """Draw image ``index``; depends on nothing else, so images can be
        drawn in any order and in any process."""
        return single_garment_scene(
            stream(seed, cls.name, IMAGE, index), image_size)

    def image_name(self, index: int, annotation: GarmentAnnotation) -> str:
        raise NotImplementedError

    def landmark_slots(self, annotation: GarmentAnnotation) -> Sequence[int]:
        raise NotImplementedError

    def write(self, index: int, scene: Scene) -> str:
        """Write image ``index`` and keep its rows; call in index order.

        Returns:
            str: the image name used in the lists.
        """
        annotation, = scene.garments
        name = self.image_name(index, annotation)
        write_jpeg(osp.join(self.root, name), scene.image)
        slots = list(self.landmark_slots(annotation))
        self.landmark_rows.append([
            name, annotation.spec.garment_kind.clothes_type,
            variation_type(annotation, scene.angle)
        ] + landmark_triplets(annotation.fld[slots],
                              annotation.fld_visibility[slots]))
        self.bbox_rows.append([name, *annotation.bbox])
        self.partition_rows.append([name, self.splits[index]])
        return name

    def finish(self) -> None:
        """Write the list files."""
        write_list_file(
            osp.join(self.root, 'Anno', 'list_landmarks.txt'), LANDMARK_HEADER,
            self.landmark_rows)
        write_list_file(
            osp.join(self.root, 'Anno', 'list_bbox.txt'), BBOX_HEADER,
            self.bbox_rows)
        write_list_file(
            osp.join(self.root, 'Eval', 'list_eval_partition.txt'),
            PARTITION_HEADER, self.partition_rows)
