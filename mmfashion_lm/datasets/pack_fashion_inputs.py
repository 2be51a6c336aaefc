"""Packing pose inputs together with the garment's labels."""
import numpy as np
import torch
from mmpose.datasets.transforms import PackPoseInputs
from mmpose.registry import TRANSFORMS

from .keypoint_visibility import flipped_visibility


def _one_garment(value: np.ndarray, key: str) -> np.ndarray:
    """The only instance of a per-instance label array."""
    if len(value) != 1:
        raise ValueError(f'{key} holds {len(value)} garments; per-image '
                         'labels need exactly one')
    return value[0]


@TRANSFORMS.register_module()
class PackFashionInputs(PackPoseInputs):
    """mmpose's :class:`PackPoseInputs` that also packs the annotation's
    landmark visibility and the garment labels.

    - ``keypoints_visibility`` (COCO flags from
      :class:`LoadKeypointVisibility`, flipped as the keypoints were) ->
      ``gt_instances.keypoints_visibility``: uint8 ``(N, K)``, which
      ``FashionNEMetric`` reads.

    The garment labels of :class:`DeepFashionCADataset` (or
    :class:`LoadCategoryLabel`) become data-sample fields, the ones
    ``CategoryAttributeMetric`` reads, shaped as mmpretrain's ``gt_label``
    and ``gt_score`` for its heads' losses:

    - ``category_label`` -> ``gt_category_label``: int64 tensor ``(N, )``,
      one label per garment (``(1, )`` for DeepFashion's one garment an
      image; :class:`LoadCategoryLabel` gives every garment of a
      multi-garment image its own).
    - ``attribute_labels`` -> ``gt_attribute_label``: float tensor
      ``(A, )``, multi-hot.

    Samples without them are packed exactly as :class:`PackPoseInputs` does.

    Args:
        meta_keys (Sequence[str]): The keys of the results copied into the
            data sample's metainfo. Defaults to those of
            :class:`PackPoseInputs` (``'id'``, ``'img_id'``, ``'img_path'``,
            ``'category_id'``, ``'crowd_index'``, ``'ori_shape'``,
            ``'img_shape'``, ``'input_size'``, ``'input_center'``,
            ``'input_scale'``, ``'flip'``, ``'flip_direction'``,
            ``'flip_indices'``, ``'raw_ann_info'``, ``'dataset_name'``)
        pack_transformed (bool): Whether to also pack the keypoints
            transformed into the input crop (``transformed_keypoints``), for
            visualisation. Defaults to ``False``

    Raises:
        ValueError: for attribute labels of more than one garment, which
            would be ambiguous per image (DeepFashion has one per image).
    """

    def transform(self, results: dict) -> dict:
        packed = super().transform(results)
        data_sample = packed['data_samples']
        if 'keypoints_visibility' in results:
            data_sample.gt_instances.keypoints_visibility = \
                flipped_visibility(results)
        if 'category_label' in results:
            data_sample.gt_category_label = torch.as_tensor(
                np.asarray(results['category_label']),
                dtype=torch.int64).reshape(-1)
        if 'attribute_labels' in results:
            data_sample.gt_attribute_label = torch.as_tensor(
                _one_garment(results['attribute_labels'], 'attribute_labels'))
        return packed
