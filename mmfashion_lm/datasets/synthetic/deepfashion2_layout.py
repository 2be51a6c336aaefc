"""The DeepFashion2 layout: ``<split>/image/NNNNNN.jpg`` and one json per
image with one item per garment.

Images come in consumer-to-shop pairs, as in the real dataset: the two
images of a pair share a ``pair_id`` and show the same product (the same
kind, colours and print, freshly shaped and placed), which is ``style`` 1
in both; every other item is ``style`` 0. A shop image shows the product
mostly alone, a user image mostly in an outfit or beside other clothes.
"""
import os.path as osp
from collections import Counter
from typing import List, Tuple

import numpy as np

from .annotation import GarmentAnnotation, Visibility
from .files import write_jpeg, write_json
from .scene import Scene, multi_garment_scene, sample_kind
from .seeding import IMAGE, PRODUCT, SPLIT, assign_splits, stream
from .spec import GarmentSpec, sample_garment_spec
from .vocabulary import load_vocabulary

SPLIT_SHARES = (('train', 0.8), ('validation', 0.2))
# Chances of 1, 2 and 3 items in shop and in user images.
_ITEM_COUNTS = {'shop': (0.7, 0.3, 0.0), 'user': (0.3, 0.45, 0.25)}
# DeepFashion2 visibility: 2 visible, 1 occluded, 0 not labelled.
_DF2_VISIBILITY = {Visibility.VISIBLE: 2, Visibility.OCCLUDED: 1}


def _level(share: float, medium: float, large: float) -> int:
    """1, 2 or 3 as ``share`` exceeds ``medium`` and ``large``."""
    return 1 + int(share > medium) + int(share > large)


def _df2_triplets(points: np.ndarray, codes: np.ndarray) -> List[int]:
    """``x y v`` per landmark in DeepFashion2's visibility (2 visible,
    1 occluded, 0 not labelled with x = y = 0), integer pixels."""
    landmarks = []
    for (x, y), code in zip(points, codes):
        if code in _DF2_VISIBILITY:
            landmarks += [int(round(x)), int(round(y)), _DF2_VISIBILITY[code]]
        else:
            landmarks += [0, 0, 0]
    return landmarks


def df2_item(annotation: GarmentAnnotation, image_area: int,
             style: int) -> dict:
    """A DeepFashion2 item from a garment's annotation.

    ``scale`` grows with the garment's share of the image, ``occlusion``
    with its share of occluded landmarks, ``zoom_in`` with its share of
    truncated ones; ``viewpoint`` is 2 (frontal, worn) for outfits and 1
    (no wear) for garments shown on their own.

    ``deepfashion_landmarks`` is an extension the real DeepFashion2 lacks:
    the garment's 8 DeepFashion landmarks in the full-body layout
    (:data:`mmfashion_lm.datasets.metainfo.deepfashion.LANDMARKS`), 24
    integers ``x y v`` in the visibility codes of ``landmarks`` (2 visible,
    1 occluded, 0 not labelled: truncated, or a slot its clothes type lacks,
    with x = y = 0), so that the multi-garment images train and score
    DeepFashion-layout models (the converter's
    ``deepfashion2_<split>_deepfashion.json``).
    """
    kind = annotation.spec.garment_kind
    landmarks = _df2_triplets(annotation.contour,
                              annotation.contour_visibility)
    codes = annotation.contour_visibility
    in_image = codes != Visibility.TRUNCATED
    occluded = np.mean(
        codes[in_image] == Visibility.OCCLUDED) if in_image.any() else 0.0
    return {
        'category_id': kind.df2_category_id,
        'category_name':
        load_vocabulary().df2_categories[kind.df2_category_id]
        ['annotation_name'],
        'style': style,
        'bounding_box': list(annotation.bbox),
        'landmarks': landmarks,
        'segmentation': annotation.segmentation,
        'scale': _level(annotation.area / image_area, 0.1, 0.3),
        'occlusion': _level(occluded, 0, 0.3),
        'zoom_in': _level(np.mean(~in_image), 0, 0.3),
        'viewpoint': 2 if annotation.worn else 1,
        'deepfashion_landmarks':
        _df2_triplets(annotation.fld, annotation.fld_visibility),
    }


class DeepFashion2Layout:
    """Writes ``deepfashion2/``: train and validation, 1 to 3 items per
    image.

    Args:
        root (str): the layout's folder (``DIR/deepfashion2``).
        num_images (int): how many images, both splits together.
        seed (int): the generator's seed (splits; the images are drawn by
            :meth:`render`).
    """
    name = 'deepfashion2'

    def __init__(self, root: str, num_images: int, seed: int) -> None:
        self.root = root
        # pairs, not images, are split, so a pair never spans two splits
        pair_splits = assign_splits((num_images + 1) // 2, SPLIT_SHARES,
                                    stream(seed, self.name, SPLIT))
        self.splits = [pair_splits[i // 2] for i in range(num_images)]
        counts: Counter = Counter()
        self.numbers: List[int] = []
        for split in self.splits:
            counts[split] += 1
            self.numbers.append(counts[split])

    @staticmethod
    def source(index: int) -> str:
        return 'shop' if index % 2 == 0 else 'user'

    @classmethod
    def product(cls, seed: int, index: int) -> GarmentSpec:
        """The product shown in image ``index`` and its pair partner."""
        rng = stream(seed, cls.name, PRODUCT, index // 2)
        return sample_garment_spec(rng, sample_kind(rng))

    @classmethod
    def render(cls, seed: int, image_size: Tuple[int, int],
               index: int) -> Scene:
        """Draw image ``index``; depends on nothing else, so images can be
        drawn in any order and in any process."""
        rng = stream(seed, cls.name, IMAGE, index)
        num_items = 1 + rng.choice(3, p=_ITEM_COUNTS[cls.source(index)])
        return multi_garment_scene(rng, image_size, cls.product(seed, index),
                                   int(num_items))

    def write(self, index: int, scene: Scene) -> str:
        """Write image ``index`` and its json.

        Returns:
            str: the image path relative to the layout root.
        """
        split, stem = self.splits[index], f'{self.numbers[index]:06d}'
        name = f'{split}/image/{stem}.jpg'
        write_jpeg(osp.join(self.root, name), scene.image)
        image_area = scene.image.shape[0] * scene.image.shape[1]
        record = {'source': self.source(index), 'pair_id': index // 2 + 1}
        for number, annotation in enumerate(scene.garments, 1):
            style = int(number - 1 == scene.featured)
            record[f'item{number}'] = df2_item(annotation, image_area, style)
        write_json(osp.join(self.root, split, 'annos', f'{stem}.json'), record)
        return name

    def finish(self) -> None:
        """Nothing to gather: every image wrote its own json."""
