"""DeepFashion's subsets for one clothes type's model of the combined model
(seed 003), with the full-body garments' matching landmarks."""
from typing import Dict, List, Optional, Tuple, Union

from mmpose.registry import DATASETS

from .metainfo import deepfashion

#: The full-body layout's slots that train each clothes type's model, in
#: that model's keypoint order (see :func:`deepfashion_clothes_type_subsets`).
FULL_BODY_SLOTS: Dict[str, Tuple[int, ...]] = {
    # collars, sleeves, hems -> collars, sleeves, hems (the landmarks of the
    # same name; the paper's "first six keypoint annotations" would be the
    # waistlines as hems, see deepfashion_clothes_type_subsets)
    'upper': deepfashion.SUBSET_SLOTS['upper'],
    # waistlines and hems -> waistlines and hems
    'lower': deepfashion.SUBSET_SLOTS['lower'],
    'full': deepfashion.SUBSET_SLOTS['full'],
}


def deepfashion_clothes_type_subsets(
        clothes_type: str,
        ann_file: Union[str, Dict[str, str]],
        data_root: str = '',
        with_full_body: bool = True,
        data_mode: str = 'bottomup',
        data_prefix: Optional[dict] = None,
        test_mode: bool = False) -> List[dict]:
    """The dataset configs that train (or evaluate) the model of one clothes
    type of seed 003's combined model (section 4.2.1: "a different model for
    each of the upper, lower, and full body categories"), for
    :class:`~mmfashion_lm.datasets.NonEmptyCombinedDataset` with the
    metainfo of ``clothes_type``'s own layout.

    The paper trains the upper- and lower-body models on more samples than
    their own subsets hold: "in training samples for the upper body model,
    also the full body images have been added, along with their first six
    keypoint annotations". So, with ``with_full_body``:

    - ``'upper'`` (6 landmarks: collars, sleeves, hems): the upper-body
      subset, and the full-body garments' landmarks of the same names
      (full-body slots 0-3, 6, 7). Ours: read literally, the paper's "first
      six" of the full-body layout are the collars, sleeves and waistlines,
      which would train a dress's waistlines as the upper model's hems; we
      take the landmarks that match by name, as for the lower model.
    - ``'lower'`` (waistlines, hems): the lower-body subset, and the
      full-body subset's waistlines and hems (slots 4-7), the landmarks a
      dress shares with a skirt (ours; the paper names only the upper
      model's addition).
    - ``'full'``: the full-body subset only.

    Without ``with_full_body`` (validation and test, where the paper scores
    each garment by the model of its ground-truth clothes type), each model
    reads its own subset only.

    Each subset is one mmpose ``DeepFashionDataset``; the full-body one's own
    pipeline moves the landmarks kept and their visibility flags to the
    model's layout (``LoadKeypointVisibility`` and mmpose's
    ``KeypointConverter`` with :data:`FULL_BODY_SLOTS`). Registered in
    mmpose's ``DATASETS`` as ``DeepFashionClothesTypeSubsets``::

        dataset=dict(
            type='NonEmptyCombinedDataset',
            metainfo=dict(from_file='.../deepfashion_upper.py'),
            datasets=dict(
                type='DeepFashionClothesTypeSubsets',
                clothes_type='upper',
                data_root='data/deepfashion/',
                ann_file='annotations/deepfashion_{subset}_train.json'))

    Args:
        clothes_type (str): The model's subset, ``'upper'``, ``'lower'`` or
            ``'full'``.
        ann_file (str | dict[str, str]): The subsets' annotation files,
            relative to ``data_root`` unless absolute: a pattern in which
            ``{subset}`` stands for the subset, e.g.
            ``'annotations/deepfashion_{subset}_train.json'``, or one file
            per subset.
        data_root (str): The dataset root. Defaults to ``''``.
        with_full_body (bool): Whether the upper- and lower-body models also
            read the full-body garments (training). Defaults to True.
        data_mode (str): ``'bottomup'`` (one sample per image) or
            ``'topdown'``. Defaults to ``'bottomup'``.
        data_prefix (dict, optional): Where the images are, relative to
            ``data_root``. Defaults to None: ``dict(img='')``.
        test_mode (bool): Whether the subsets are in test mode. Defaults to
            False.

    Returns:
        list[dict]: The subsets' dataset configs: the model's own subset
        first, then the full-body one (when it is added).
    """
    if clothes_type not in deepfashion.SUBSETS:
        raise ValueError(f'clothes_type must be one of {deepfashion.SUBSETS},'
                         f' got {clothes_type!r}')
    num_keypoints = len(deepfashion.SUBSET_SLOTS[clothes_type])
    subsets = [clothes_type]
    if with_full_body and clothes_type != 'full':
        subsets.append('full')
    datasets = []
    for subset in subsets:
        dataset = dict(
            type='DeepFashionDataset',
            subset=subset,
            metainfo=deepfashion.metainfo(subset),
            data_root=data_root,
            data_mode=data_mode,
            ann_file=ann_file.format(subset=subset)
            if isinstance(ann_file, str) else ann_file[subset],
            data_prefix=dict(img='')
            if data_prefix is None else dict(data_prefix),
            test_mode=test_mode)
        if subset != clothes_type:
            mapping = [
                (source, target)
                for target, source in enumerate(FULL_BODY_SLOTS[clothes_type])
            ]
            # the flags move with the landmarks
            dataset['pipeline'] = [
                dict(
                    type='LoadKeypointVisibility',
                    num_keypoints=num_keypoints,
                    mapping=mapping),
                dict(
                    type='KeypointConverter',
                    num_keypoints=num_keypoints,
                    mapping=mapping)
            ]
        datasets.append(dataset)
    return datasets


DATASETS.register_module(
    name='DeepFashionClothesTypeSubsets',
    module=deepfashion_clothes_type_subsets)
