"""mmpose's combined dataset over those of its subsets that hold samples."""
import logging
from typing import Callable, List, Mapping, Optional, Sequence, Union

from mmengine.logging import print_log
from mmpose.datasets import CombinedDataset
from mmpose.registry import DATASETS

from .non_empty_dataset import (EmptyDatasetError, annotation_files,
                                serialize_samples, serializes_samples)

# the garments' label names a subset may read from its dataset's files
LABEL_NAME_KEYS = ('category_names', 'attribute_names', 'attribute_groups')


@DATASETS.register_module()
class NonEmptyCombinedDataset(CombinedDataset):
    """mmpose's :class:`~mmpose.datasets.CombinedDataset` that skips its
    empty subsets.

    A split need not hold every kind of garment (a test set of dresses only
    leaves DeepFashion-C's upper- and lower-body subsets empty), but mmengine
    fails to build an empty dataset, inside its serialisation of the
    samples. The subsets are loaded with ``serialize_data=False``; each empty
    one is skipped with a warning that names its annotation file, and the
    others are serialised as their configs ask. Lengths, indices and
    ``sample_ratio_factor`` are those of the subsets kept. The garments'
    label names that the subsets read (``category_names``,
    ``attribute_names``, ``attribute_groups``:
    :class:`DeepFashionCADataset`) join the combined metainfo, where
    metrics and inference look for them.

    Args:
        metainfo (dict): The combined metainfo
        datasets (list[dict] | dict): The configs of the subsets, or the
            config of a registered function that returns them (e.g.
            ``dict(type='DeepFashionFullLayoutSubsets', ...)``, DeepFashion's
            upper-, lower- and full-body subsets in the full-body layout)
        pipeline (list[dict | Callable]): The pipeline run after each
            subset's own. Defaults to ``[]``
        sample_ratio_factor (list[float], optional): A sampling ratio per
            subset. Defaults to ``None`` (every sample once)
        **kwargs: The other arguments of :class:`CombinedDataset`

    Raises:
        EmptyDatasetError: When no subset holds a sample; it names all their
            annotation files
    """

    def __init__(self,
                 metainfo: dict,
                 datasets: Union[List[dict], Mapping],
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 sample_ratio_factor: Optional[List[float]] = None,
                 **kwargs) -> None:
        if isinstance(datasets, Mapping):
            datasets = DATASETS.build(datasets)
        serialize = [serializes_samples(cfg, DATASETS) for cfg in datasets]
        super().__init__(
            metainfo=metainfo,
            datasets=[
                dict(cfg, serialize_data=False) if held_back else cfg
                for cfg, held_back in zip(datasets, serialize)
            ],
            pipeline=list(pipeline),
            sample_ratio_factor=sample_ratio_factor,
            **kwargs)
        kept = self._skip_empty_subsets()
        for subset, index in zip(self.datasets, kept):
            if serialize[index]:
                serialize_samples(subset)
        for key in LABEL_NAME_KEYS:
            if key not in self._metainfo and key in self.datasets[0].metainfo:
                self._metainfo[key] = self.datasets[0].metainfo[key]

    def _skip_empty_subsets(self) -> List[int]:
        """Drop the subsets that hold no sample, with a warning each.

        Returns:
            list[int]: The indices, among the configured subsets, of those
            kept

        Raises:
            EmptyDatasetError: When no subset is left
        """
        kept = [i for i, subset in enumerate(self.datasets) if len(subset)]
        if not kept:
            raise EmptyDatasetError(
                type(self).__name__, annotation_files(self))
        for i, subset in enumerate(self.datasets):
            if i not in kept:
                print_log(
                    f'{type(self).__name__}: skipped the empty subset '
                    f'{type(subset).__name__} of '
                    f'{", ".join(annotation_files(subset))} (no sample)',
                    logger='current',
                    level=logging.WARNING)
        self.datasets = [self.datasets[i] for i in kept]
        self._lens = [self._lens[i] for i in kept]
        if self.resample:
            self._lens_ori = [self._lens_ori[i] for i in kept]
        self._len = sum(self._lens)
        return kept
