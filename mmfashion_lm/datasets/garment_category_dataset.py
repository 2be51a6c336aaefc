"""Garments labelled by their category, for an mmpretrain classifier."""
import os.path as osp
from typing import List, Optional, Sequence, Union

import numpy as np
from mmengine.fileio import join_path, load
from mmpretrain.datasets import BaseDataset
from mmpretrain.registry import DATASETS

from .converters import read_list_file


@DATASETS.register_module()
class GarmentCategoryDataset(BaseDataset):
    """The garments of COCO-style keypoint json, one sample per annotation,
    labelled by their category: the training data of the category classifier
    (AttentionNet) whose Grad-CAM maps steer the SANL blocks of `SANL`_ (Li
    et al., ICME 2019).

    It reads the json of ``tools/dataset_converters/deepfashion_to_coco.py``
    (one per clothes type, ``deepfashion_{upper,lower,full}_<split>.json``;
    give them all to classify every garment) and yields, per annotation:

    - ``img_path`` (str): the image, ``data_prefix['img_path']`` joined with
      the image's ``file_name``.
    - ``gt_label`` (int): the annotation's ``category_label`` (0-based).
    - ``bbox`` (np.ndarray): the garment box ``[x1, y1, x2, y2]`` in pixels,
      float32, shape ``(4, )``, from the COCO ``[x, y, w, h]``; the
      :class:`CropGarmentBox` transform crops it.

    It is registered in mmpretrain's ``DATASETS``: the classifier trains in
    mmpretrain's scope, with mmpretrain's transforms, losses and metrics.

    Args:
        ann_file (str | Sequence[str]): One json or several, relative to
            ``data_root`` unless absolute. Their samples are concatenated in
            the given order
        category_file (str, optional): DeepFashion's
            ``Anno/list_category_cloth.txt``, relative to ``data_root``
            unless absolute. It names the classes (``metainfo['classes']``,
            in label order), and labels are checked against their number.
            Defaults to ``None`` (unnamed classes, unchecked labels)
        metainfo (dict, optional): Meta information of the dataset, as for
            mmpretrain's ``BaseDataset``; ``category_file`` sets its
            ``classes`` (over any given here). Defaults to ``None``
        **kwargs: The arguments of :class:`mmpretrain.datasets.BaseDataset`
            (``data_root``, ``data_prefix``, ``pipeline``, ``test_mode``,
            ...) but ``ann_file`` and ``classes``

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 ann_file: Union[str, Sequence[str]],
                 category_file: Optional[str] = None,
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        data_root = kwargs.get('data_root', '')
        self.ann_files = [
            self._from_root(path, data_root)
            for path in ([ann_file] if isinstance(ann_file, str) else ann_file)
        ]
        if category_file is not None:
            metainfo = dict(
                metainfo or {},
                classes=self._read_categories(
                    self._from_root(category_file, data_root)))
        # mmengine's ann_file is a single path: the files are ours to load
        super().__init__(ann_file='', metainfo=metainfo, **kwargs)

    @staticmethod
    def _from_root(path: str, data_root: str) -> str:
        """``path`` joined with ``data_root`` unless it is absolute."""
        return path if osp.isabs(path) or not data_root \
            else join_path(data_root, path)

    @staticmethod
    def _read_categories(path: str) -> tuple:
        """Category names of a ``list_category_cloth.txt``, in label order."""
        # the clothes type is the last field; a name could hold spaces
        return tuple(' '.join(row.fields[:-1]) for row in read_list_file(path))

    def load_data_list(self) -> List[dict]:
        """One data info per annotation of every json.

        Raises:
            KeyError: when an annotation has no ``category_label`` (e.g. an
                FLD json, which has no categories).
            ValueError: when a label is not below the number of classes of
                ``category_file``.
        """
        classes = self._metainfo.get('classes')
        data_list = []
        for ann_file in self.ann_files:
            coco = load(ann_file)
            file_names = {
                image['id']: image['file_name']
                for image in coco['images']
            }
            for ann in coco['annotations']:
                if 'category_label' not in ann:
                    raise KeyError(
                        f'annotation {ann["id"]} of {ann_file} has no '
                        'category_label; convert the dataset with '
                        'tools/dataset_converters/deepfashion_to_coco.py')
                label = int(ann['category_label'])
                if classes is not None and not 0 <= label < len(classes):
                    raise ValueError(
                        f'annotation {ann["id"]} of {ann_file} has '
                        f'category_label {label}, outside the '
                        f'{len(classes)} classes of the category file')
                x, y, w, h = ann['bbox']
                data_list.append(
                    dict(
                        img_path=join_path(self.img_prefix,
                                           file_names[ann['image_id']]),
                        gt_label=label,
                        bbox=np.array([x, y, x + w, y + h], np.float32)))
        return data_list
