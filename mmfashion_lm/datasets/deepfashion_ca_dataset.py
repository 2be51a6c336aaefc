"""DeepFashion Category-and-Attribute samples with their garment labels."""
import os.path as osp
from typing import Optional

import numpy as np
from mmpose.datasets import DeepFashionDataset
from mmpose.registry import DATASETS

from .converters import read_list_file


@DATASETS.register_module()
class DeepFashionCADataset(DeepFashionDataset):
    """mmpose's :class:`DeepFashionDataset` whose samples also carry the
    garment's category and attributes.

    It reads the json of ``tools/dataset_converters/deepfashion_to_coco.py``,
    whose annotations hold ``category_label`` (0-based) and
    ``attribute_ids`` (0-based ids of the positive attributes), and adds to
    each data info:

    - ``category_label`` (np.ndarray): shape ``(1, )``, int64.
    - ``attribute_labels`` (np.ndarray): shape ``(1, num_attributes)``,
      float32 multi-hot.

    Both keep a leading instance axis, as mmpose's ``keypoints`` do, so that
    bottom-up mode stacks them per image like every other instance field.
    :class:`PackFashionInputs` packs them into the data samples.

    Args:
        num_attributes (int): the width of the multi-hot vector, the number
            of rows of ``Anno/list_attr_cloth.txt``. Defaults to 1000.
        attribute_file (str, optional): ``Anno/list_attr_cloth.txt``,
            relative to ``data_root`` like ``ann_file``. When given, the
            metainfo gains ``attribute_names`` and
            ``attribute_groups`` (the type column: 1 texture, 2 fabric,
            3 shape, 4 part, 5 style), which ``CategoryAttributeMetric``
            reads for its per-group recall. Defaults to None.
        category_file (str, optional): ``Anno/list_category_cloth.txt``,
            relative to ``data_root``. When given, the metainfo gains
            ``category_names`` (row ``i`` names ``category_label`` ``i``),
            which inference reports. Defaults to None.
        **kwargs: the arguments of :class:`DeepFashionDataset` (``subset``,
            ``ann_file``, ``data_root``, ``pipeline``...).
    """

    def __init__(self,
                 num_attributes: int = 1000,
                 attribute_file: Optional[str] = None,
                 category_file: Optional[str] = None,
                 **kwargs) -> None:
        # Set before the parent constructor, which parses the annotations.
        self.num_attributes = num_attributes
        super().__init__(**kwargs)
        if attribute_file is not None:
            self._load_attribute_groups(attribute_file)
        if category_file is not None:
            # category names are one word; the type is the last field
            self._metainfo['category_names'] = [
                row.fields[0]
                for row in read_list_file(self._under_root(category_file))
            ]

    def _under_root(self, path: str) -> str:
        if self.data_root and not osp.isabs(path):
            return osp.join(self.data_root, path)
        return path

    def _load_attribute_groups(self, path: str) -> None:
        path = self._under_root(path)
        # Attribute names may hold spaces; the type is the last field.
        rows = [row.fields for row in read_list_file(path)]
        if len(rows) != self.num_attributes:
            raise ValueError(f'{path} lists {len(rows)} attributes, '
                             f'num_attributes is {self.num_attributes}')
        self._metainfo['attribute_names'] = [' '.join(r[:-1]) for r in rows]
        self._metainfo['attribute_groups'] = np.array(
            [int(r[-1]) for r in rows])

    def parse_data_info(self, raw_data_info: dict) -> Optional[dict]:
        """Parse one annotation as mmpose does and add its garment labels.

        Raises:
            KeyError: when the annotation lacks ``category_label`` or
                ``attribute_ids`` (a json not written by the DeepFashion
                converter, e.g. FLD's).
        """
        data_info = super().parse_data_info(raw_data_info)
        if data_info is None:
            return None
        ann = raw_data_info['raw_ann_info']
        missing = {'category_label', 'attribute_ids'} - ann.keys()
        if missing:
            raise KeyError(f'annotation {ann["id"]} of {self.ann_file} has '
                           f'no {sorted(missing)}; convert the dataset with '
                           'tools/dataset_converters/deepfashion_to_coco.py')
        attribute_labels = np.zeros((1, self.num_attributes), np.float32)
        attribute_labels[0, ann['attribute_ids']] = 1
        data_info['category_label'] = np.array([ann['category_label']],
                                               dtype=np.int64)
        data_info['attribute_labels'] = attribute_labels
        return data_info
