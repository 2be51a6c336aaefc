"""A DeepFashion2 item's own landmarks out of the 294 slots."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from .metainfo.deepfashion2 import CATEGORY_SLICES, NUM_SLOTS


@TRANSFORMS.register_module()
class KeepCategoryLandmarks(BaseTransform):
    """Keep the keypoints of the item's category (``category_id``, 1..13)
    of DeepFashion2's 294 slots, numbered from 0: a short sleeve top keeps
    25, a skirt 8. MetaCloth's tasks (one category, its Nc landmarks) read
    items of all categories from one dataset this way; anywhere before
    ``GenerateTarget``, so that only Nc heatmaps are made.

    Required keys: ``category_id``, ``keypoints`` (N, 294, 2),
    ``keypoints_visible`` (N, 294). Modified keys: ``keypoints``,
    ``keypoints_visible``, ``keypoints_visibility`` (the COCO flags, after
    ``LoadKeypointVisibility``) and, after an affine transform,
    ``transformed_keypoints`` (N, Nc, ...). Added key: ``num_landmarks``.
    """

    def transform(self, results: dict) -> dict:
        category = int(np.asarray(results['category_id']).reshape(-1)[0])
        if category not in CATEGORY_SLICES:
            raise ValueError(f'KeepCategoryLandmarks: category_id must be a '
                             f'DeepFashion2 category, 1..13, got {category}'
                             f' ({results.get("img_path")})')
        slots = CATEGORY_SLICES[category]
        num_slots = results['keypoints'].shape[1]
        if num_slots != NUM_SLOTS:
            raise ValueError(f'KeepCategoryLandmarks: expected the '
                             f'{NUM_SLOTS} DeepFashion2 slots, got '
                             f'{num_slots} keypoints '
                             f'({results.get("img_path")})')
        for key in ('keypoints', 'keypoints_visible', 'keypoints_visibility',
                    'transformed_keypoints'):
            if key in results:
                results[key] = results[key][:, slots]
        results['num_landmarks'] = slots.stop - slots.start
        return results
