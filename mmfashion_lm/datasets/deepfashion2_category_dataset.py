"""DeepFashion2 restricted to some clothing categories and their
landmarks."""
import copy
from typing import Optional, Sequence, Union

import numpy as np
from mmpose.datasets import DeepFashion2Dataset
from mmpose.registry import DATASETS

from .metainfo.deepfashion2 import (CATEGORIES, CATEGORY_BY_ID,
                                     CATEGORY_SLICES, NUM_SLOTS,
                                     category_slots)


@DATASETS.register_module()
class DeepFashion2CategoryDataset(DeepFashion2Dataset):
    """DeepFashion2 restricted to one clothing category, with that
    category's landmarks only: the per-category setting of `DeepFashion2`_
    (Ge et al., CVPR 2019) for single-category landmark models. Given
    several categories, their slots are kept side by side in the order
    given: MetaCloth's base model over all seen landmarks (section 4.2: 112
    for benchmark B1), each item labelling its own category's slots.

    The COCO-style json of the official conversion (and of
    :func:`~mmfashion_lm.datasets.converters.convert_deepfashion2`) holds 294
    keypoint slots per annotation, category ``c`` owning one slice of them.
    This dataset keeps the annotations whose ``category_id`` is
    ``category`` and, of their keypoints, that slice, so ``keypoints`` has
    the category's landmark count (the table of
    :mod:`mmfashion_lm.datasets.metainfo.deepfashion2`).
    The stored ``raw_ann_info`` holds the same slice;
    :class:`~mmfashion_lm.evaluation.DeepFashion2KeypointAPMetric` scores the
    category's landmarks from the samples.

    Args:
        category (int | Sequence[int]): The DeepFashion2 category id, 1 ..
            13 (``id`` of
            :data:`mmfashion_lm.datasets.metainfo.deepfashion2.CATEGORIES`;
            1 is the short sleeved shirt), or several; required
        metainfo (dict, optional): Metainfo with the categories' landmarks,
            e.g. ``dict(from_file='configs/_base_/metainfo/
            deepfashion2_short_sleeved_shirt.py')`` for category 1 (for
            several: ``deepfashion2.categories_metainfo``); its keypoint
            count must be theirs. Defaults to ``None`` (mmpose's 294-slot
            file, which never matches)
        lazy_init (bool): Whether to defer loading the annotations.
            Defaults to ``False``
        **kwargs: Other arguments of :class:`mmpose.datasets.
            DeepFashion2Dataset` (mmpose's ``BaseCocoStyleDataset``):
            ``ann_file`` (the 294-slot json of
            ``tools/dataset_converters/deepfashion2_to_coco.py``, relative
            to ``data_root``), ``data_root``, ``data_prefix`` (default
            ``dict(img='')``), ``data_mode`` (``'topdown'``, the default,
            one sample per item; or ``'bottomup'``), ``bbox_file``,
            ``filter_cfg``, ``indices``, ``serialize_data``, ``pipeline``,
            ``test_mode``, ``max_refetch``, ``sample_interval``

    Raises:
        ValueError: When ``category`` holds no or other than DeepFashion2
            category ids, or the metainfo's keypoint count is not theirs

    .. _`DeepFashion2`: https://arxiv.org/abs/1901.07973
    """

    def __init__(self,
                 category: Union[int, Sequence[int]],
                 metainfo: Optional[dict] = None,
                 lazy_init: bool = False,
                 **kwargs):
        categories = (category, ) if isinstance(category, int) else tuple(
            category)
        if not categories or any(
                isinstance(c, bool) or c not in CATEGORY_SLICES
                for c in categories):
            names = ', '.join(f'{c["id"]} {c["name"]}' for c in CATEGORIES)
            raise ValueError(f'{type(self).__name__}: category must be a '
                             f'DeepFashion2 category id ({names}) or several, '
                             f'got {category!r}')
        self.categories = tuple(int(c) for c in categories)
        self.slots = category_slots(self.categories)
        super().__init__(metainfo=metainfo, lazy_init=True, **kwargs)
        num_keypoints = self.metainfo.get('num_keypoints')
        if num_keypoints != len(self.slots):
            given = self.categories[0] if len(self.categories) == 1 \
                else self.categories
            names = ', '.join(CATEGORY_BY_ID[c]['name']
                              for c in self.categories)
            source = metainfo.get('from_file', metainfo) \
                if isinstance(metainfo, dict) else self.METAINFO['from_file']
            raise ValueError(
                f'{type(self).__name__}: metainfo ({source}) has '
                f'{num_keypoints} keypoints but category={given} ({names}) '
                f'has {len(self.slots)} landmark slots; give a metainfo '
                'with those landmarks (e.g. configs/_base_/metainfo/'
                'deepfashion2_short_sleeved_shirt.py for 1)')
        if not lazy_init:
            self.full_init()

    def parse_data_info(self, raw_data_info: dict) -> Optional[dict]:
        """Parse an annotation of one of the categories, keeping their
        slots.

        Args:
            raw_data_info (dict): ``raw_ann_info`` (a COCO annotation with
                294 x 3 keypoints) and ``raw_img_info``

        Returns:
            dict | None: The instance with the categories' keypoints, or
            ``None`` for another category
        """
        ann = raw_data_info['raw_ann_info']
        if ann.get('category_id') not in self.categories \
                or 'keypoints' not in ann:
            return None
        if len(ann['keypoints']) != 3 * NUM_SLOTS:
            raise ValueError(
                f'{type(self).__name__}: annotation {ann.get("id")} of '
                f'{self.ann_file} has {len(ann["keypoints"])} keypoint '
                f'values, expected the {NUM_SLOTS} x 3 slots of DeepFashion2')
        ann = copy.deepcopy(ann)
        ann['keypoints'] = np.asarray(ann['keypoints']).reshape(
            NUM_SLOTS, 3)[self.slots].reshape(-1).tolist()
        ann['num_keypoints'] = int(
            np.count_nonzero(np.asarray(ann['keypoints'][2::3]) > 0))
        return super().parse_data_info(dict(raw_data_info, raw_ann_info=ann))
