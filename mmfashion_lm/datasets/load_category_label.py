"""Every garment's category from its annotation, for a category head."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadCategoryLabel(BaseTransform):
    """Read each garment's category from a key of its annotation into
    ``category_label`` (N, ), 0-based, which :class:`PackFashionInputs`
    packs as ``gt_category_label``: e.g. the DeepFashion2 category (1..13)
    of every garment of a multi-garment image, ``category_id`` in
    DeepFashion2's json, ``df2_category_id`` in the synthetic set's
    8-landmark version of it.

    Required Keys:

        - raw_ann_info (optional): the annotation dict, or a list of them
          (bottom-up), in the order of the sample's instances; none (an
          image handed to an inferencer) gives no label

    Added Keys:

        - category_label (np.ndarray): int64 (N, )

    Args:
        key (str): The annotation key that holds the category. Defaults to
            ``'category_id'``.
        offset (int): Subtracted from the key's value to give the 0-based
            label (1 for ids that count from 1). Defaults to 1.

    Raises:
        KeyError: For an annotation without ``key``, naming it.
    """

    def __init__(self, key: str = 'category_id', offset: int = 1) -> None:
        self.key = key
        self.offset = offset

    def transform(self, results: dict) -> dict:
        annotations = results.get('raw_ann_info') or []
        if isinstance(annotations, dict):
            annotations = [annotations]
        labels = []
        for annotation in annotations:
            if self.key not in annotation:
                raise KeyError(
                    f'annotation {annotation.get("id")} of '
                    f'{results.get("img_path")} has no {self.key!r}, the '
                    'category LoadCategoryLabel reads')
            labels.append(int(annotation[self.key]) - self.offset)
        results['category_label'] = np.array(labels, np.int64)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(key={self.key!r}, '
                f'offset={self.offset})')
