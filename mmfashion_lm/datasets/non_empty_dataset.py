"""Refusing a dataset that holds no sample with an error that names its
files, before mmengine fails on it.

mmengine's ``BaseDataset.full_init`` serialises the loaded samples into one
array, which fails on an empty split with numpy's ``need at least one array
to concatenate``, deep inside the dataset's construction; with
``serialize_data=False`` the empty dataset gets through, and the metrics
fail on no prediction instead. The datasets here are loaded with their
serialisation held back until they are known to hold samples.
"""
import inspect
from typing import Any, List

from mmengine.dataset import BaseDataset
from mmengine.registry import DATASETS, Registry


class EmptyDatasetError(ValueError):
    """A dataset left with no sample at all.

    Args:
        dataset_type (str): The dataset's class name
        files (list[str]): The files it read its samples from
    """

    def __init__(self, dataset_type: str, files: List[str]) -> None:
        self.files = files
        super().__init__(
            f'{dataset_type} holds no sample: none in '
            f'{", ".join(files) or "its annotation file"}. Check data_root '
            'and ann_file in the config, and that this split has garments')


def annotation_files(dataset: Any) -> List[str]:
    """The files a dataset reads its samples from, for messages.

    Args:
        dataset: A dataset: its ``ann_files`` where it has several
            (:class:`GarmentCategoryDataset`), else its ``ann_file``
            (mmengine joins it with ``data_root``), and mmpose's test-time
            ``bbox_file`` where one is given; for a wrapper that holds
            ``datasets`` or a ``dataset``, the files of those

    Returns:
        list[str]: The files, in the dataset's order
    """
    if hasattr(dataset, 'datasets'):
        return [
            path for subset in dataset.datasets
            for path in annotation_files(subset)
        ]
    if hasattr(dataset, 'dataset'):
        return annotation_files(dataset.dataset)
    files = list(getattr(dataset, 'ann_files', None) or [])
    if not files and getattr(dataset, 'ann_file', None):
        files.append(dataset.ann_file)
    if getattr(dataset, 'bbox_file', None):
        files.append(dataset.bbox_file)
    return files


def refuse_empty(dataset: Any) -> None:
    """Raise :class:`EmptyDatasetError` when ``dataset`` holds no sample.

    Args:
        dataset: A loaded dataset
    """
    if len(dataset) == 0:
        raise EmptyDatasetError(
            type(dataset).__name__, annotation_files(dataset))


def serializes_samples(cfg: dict, registry: Registry = DATASETS) -> bool:
    """Whether the dataset of ``cfg`` is an mmengine ``BaseDataset`` set to
    serialise its samples (``serialize_data``, True by default), and so
    takes ``serialize_data=False`` to hold it back.

    Args:
        cfg (dict): A dataset config
        registry (Registry): The registry that builds it, in the default
            scope or the config's ``_scope_``. Defaults to mmengine's
            ``DATASETS``

    Returns:
        bool: True when its serialisation can be held back
    """
    dataset_type = cfg['type']
    if isinstance(dataset_type, str):
        with registry.switch_scope_and_registry(cfg.get('_scope_')) as scoped:
            dataset_type = scoped.get(dataset_type)
    return inspect.isclass(dataset_type) and \
        issubclass(dataset_type, BaseDataset) and \
        bool(cfg.get('serialize_data', True))


def serialize_samples(dataset: BaseDataset) -> None:
    """Serialise the samples of a dataset loaded with
    ``serialize_data=False``, as mmengine's ``full_init`` would have.

    A wrapper without samples of its own (mmpose's ``CombinedDataset``,
    whose subsets hold them) is only marked.

    Args:
        dataset (BaseDataset): A loaded, non-empty dataset
    """
    if dataset.data_list:
        dataset.data_bytes, dataset.data_address = dataset._serialize_data()
    dataset.serialize_data = True
