"""The DeepFashion Category and Attribute layout: ``img/<folder>/``, the
landmark, box, category and attribute lists and the partition."""
import os.path as osp
from collections import Counter
from typing import Sequence

from .annotation import GarmentAnnotation
from .files import copy_file, write_list_file
from .landmark_lists import CLOTHES_TYPE_SLOTS, LandmarkListLayout
from .scene import Scene
from .spec import GarmentSpec
from .vocabulary import ATTRIBUTE_LIST, CATEGORY_LIST, load_vocabulary


def product_folder(spec: GarmentSpec) -> str:
    """A folder name in the style of DeepFashion's product folders, e.g.
    ``Floral_Chiffon_Blouse``: the print and fabric when not plain, then
    the category."""
    words = [
        spec.texture if spec.texture != 'solid' else '',
        spec.fabric if spec.fabric != 'cotton' else '', spec.category
    ]
    return '_'.join(w[0].upper() + w[1:] for w in words if w)


class DeepFashionLayout(LandmarkListLayout):
    """Writes ``deepfashion/``: one garment per image with 6 / 4 / 8
    landmarks by clothes type, its category and its attributes.

    See :class:`LandmarkListLayout` for the arguments.
    """
    name = 'deepfashion'

    def __init__(self, root: str, num_images: int, seed: int) -> None:
        super().__init__(root, num_images, seed)
        self.vocabulary = load_vocabulary()
        self.folder_counts: Counter = Counter()
        self.category_rows, self.attribute_rows = [], []

    def image_name(self, index: int, annotation: GarmentAnnotation) -> str:
        # numbered within the folder, like the real dataset
        folder = product_folder(annotation.spec)
        self.folder_counts[folder] += 1
        return f'img/{folder}/img_{self.folder_counts[folder]:08d}.jpg'

    def landmark_slots(self, annotation: GarmentAnnotation) -> Sequence[int]:
        return CLOTHES_TYPE_SLOTS[annotation.spec.garment_kind.clothes_type]

    def write(self, index: int, scene: Scene) -> str:
        name = super().write(index, scene)
        spec = scene.garments[0].spec
        self.category_rows.append(
            [name, self.vocabulary.category_label(spec.category)])
        labels = ['-1'] * self.vocabulary.num_attributes
        for attribute in self.vocabulary.attribute_ids(spec.attributes):
            labels[attribute] = '1'
        self.attribute_rows.append([name, *labels])
        return name

    def finish(self) -> None:
        super().finish()
        anno = osp.join(self.root, 'Anno')
        copy_file(CATEGORY_LIST, osp.join(anno, 'list_category_cloth.txt'))
        copy_file(ATTRIBUTE_LIST, osp.join(anno, 'list_attr_cloth.txt'))
        write_list_file(
            osp.join(anno, 'list_category_img.txt'),
            'image_name  category_label', self.category_rows)
        write_list_file(
            osp.join(anno, 'list_attr_img.txt'),
            'image_name  attribute_labels', self.attribute_rows)
