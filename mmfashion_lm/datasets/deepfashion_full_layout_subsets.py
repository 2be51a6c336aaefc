"""DeepFashion's upper-, lower- and full-body subsets, each read in the
8-landmark full-body layout, for one combined dataset."""
from typing import Dict, List, Optional, Sequence, Union

from mmpose.registry import DATASETS

from .metainfo import deepfashion


def deepfashion_full_layout_subsets(
        ann_file: Union[str, Dict[str, str]],
        data_root: str = '',
        subsets: Sequence[str] = deepfashion.SUBSETS,
        data_mode: str = 'topdown',
        data_prefix: Optional[dict] = None,
        test_mode: bool = False,
        dataset_type: str = 'DeepFashionDataset',
        **label_files: str) -> List[dict]:
    """The dataset configs of DeepFashion's (Category and Attribute
    Prediction benchmark) upper-body (6 landmarks), lower-body (4) and
    full-body (8) subsets, each garment's landmarks in their slots of the
    8-landmark full-body layout and the slots it lacks absent (invisible:
    no loss, not evaluated), for
    :class:`~mmfashion_lm.datasets.NonEmptyCombinedDataset`, which trains
    and evaluates them together as the papers, which report the 8 landmarks
    of the full-body layout, do, and skips an empty one with a warning (a
    test set of dresses only).

    Registered in mmpose's ``DATASETS`` as ``DeepFashionFullLayoutSubsets``,
    so that a config names it::

        dataset=dict(
            type='NonEmptyCombinedDataset',
            metainfo=dict(from_file='.../deepfashion_full.py'),
            datasets=dict(
                type='DeepFashionFullLayoutSubsets',
                data_root='data/deepfashion/',
                ann_file='annotations/deepfashion_{subset}_train.json'))

    Each subset is one mmpose ``DeepFashionDataset`` whose own pipeline
    moves its landmarks and their visibility flags to their full-body slots
    (``LoadKeypointVisibility`` and mmpose's ``KeypointConverter``, with the
    subset's slots of :data:`mmfashion_lm.datasets.metainfo.deepfashion.
    SUBSET_SLOTS`).

    Args:
        ann_file (str | dict[str, str]): The subsets' annotation files,
            relative to ``data_root`` unless absolute: a pattern in which
            ``{subset}`` stands for ``upper``, ``lower`` and ``full``, e.g.
            ``'annotations/deepfashion_{subset}_train.json'`` (the names
            ``tools/dataset_converters/deepfashion_to_coco.py`` writes), or
            one file per subset, ``dict(upper=..., lower=..., full=...)``.
        data_root (str): The dataset root. Defaults to ``''``.
        subsets (Sequence[str]): The subsets, in this order. Defaults to
            ``('upper', 'lower', 'full')``.
        data_mode (str): ``'topdown'`` (one sample per garment) or
            ``'bottomup'``. Defaults to ``'topdown'``.
        data_prefix (dict, optional): Where the images are, relative to
            ``data_root``. Defaults to None: ``dict(img='')``, the json's
            image names are relative to the root.
        test_mode (bool): Whether the subsets are in test mode. Defaults to
            False.
        dataset_type (str): The subsets' dataset class:
            ``'DeepFashionDataset'`` (landmarks), or
            ``'DeepFashionCADataset'``, whose samples also carry the
            garment's category and attributes (a joint landmark and
            category model). Defaults to ``'DeepFashionDataset'``.
        **label_files (str): With ``'DeepFashionCADataset'``, its
            ``attribute_file`` and ``category_file`` (the names of the
            attributes and their groups, the names of the categories, into
            the metainfo).

    Returns:
        list[dict]: The subsets' dataset configs, in the order of
        ``subsets``.
    """
    unknown = [s for s in subsets if s not in deepfashion.SUBSETS]
    if unknown:
        raise ValueError(f'unknown DeepFashion subset(s) {unknown}, expected '
                         f'some of {deepfashion.SUBSETS}')
    unknown = set(label_files) - {'attribute_file', 'category_file'}
    if unknown or (label_files and dataset_type != 'DeepFashionCADataset'):
        raise ValueError(
            f'DeepFashionFullLayoutSubsets: {sorted(label_files)} given '
            f'with dataset_type={dataset_type!r}; only DeepFashionCADataset '
            'takes attribute_file and category_file')
    num_keypoints = len(deepfashion.LANDMARKS)
    datasets = []
    for subset in subsets:
        mapping = list(enumerate(deepfashion.SUBSET_SLOTS[subset]))
        datasets.append(
            dict(
                type=dataset_type,
                subset=subset,
                metainfo=deepfashion.metainfo(subset),
                data_root=data_root,
                data_mode=data_mode,
                ann_file=ann_file.format(subset=subset)
                if isinstance(ann_file, str) else ann_file[subset],
                data_prefix=dict(img='')
                if data_prefix is None else dict(data_prefix),
                test_mode=test_mode,
                **label_files,
                # the annotation's visibility flags (visible / occluded /
                # absent) move to the same slots as the landmarks
                pipeline=[
                    dict(
                        type='LoadKeypointVisibility',
                        num_keypoints=num_keypoints,
                        mapping=mapping),
                    dict(
                        type='KeypointConverter',
                        num_keypoints=num_keypoints,
                        mapping=mapping)
                ]))
    return datasets


DATASETS.register_module(
    name='DeepFashionFullLayoutSubsets',
    module=deepfashion_full_layout_subsets)
