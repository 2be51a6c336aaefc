"""mmengine's Runner whose dataloaders refuse a dataset without samples."""
from typing import Optional, Union

from mmengine.runner import Runner
from mmpose.registry import RUNNERS
from torch.utils.data import DataLoader

from mmfashion_lm.datasets.non_empty_dataset import (refuse_empty,
                                                     serialize_samples,
                                                     serializes_samples)


@RUNNERS.register_module()
class NonEmptyDataRunner(Runner):
    """mmengine's :class:`~mmengine.runner.Runner` whose dataloaders refuse
    a dataset that holds no sample with an :class:`EmptyDatasetError` that
    names its files, where mmengine fails inside the dataset's
    serialisation (or, unserialised, the metrics on no prediction).

    A dataset that serialises its samples is built with
    ``serialize_data=False``, checked once loaded (``lazy_init`` or not: the
    runner loads it), then serialised. Everything else is mmengine's.
    """

    @staticmethod
    def build_dataloader(dataloader: Union[DataLoader, dict],
                         seed: Optional[int] = None,
                         diff_rank_seed: bool = False) -> DataLoader:
        """Build a dataloader as mmengine does, refusing an empty dataset.

        Args:
            dataloader (DataLoader | dict): A dataloader or its config
            seed (int, optional): Random seed of the sampler and workers.
                Defaults to None
            diff_rank_seed (bool): Whether ranks seed their sampler
                differently. Defaults to False

        Returns:
            DataLoader: The dataloader

        Raises:
            EmptyDatasetError: When its dataset holds no sample
        """
        dataset_cfg = dataloader.get('dataset') \
            if isinstance(dataloader, dict) else None
        if not isinstance(dataset_cfg, dict):
            return Runner.build_dataloader(dataloader, seed, diff_rank_seed)
        serialize = serializes_samples(dataset_cfg)
        if serialize:
            dataloader = dict(
                dataloader, dataset=dict(dataset_cfg, serialize_data=False))
        loader = Runner.build_dataloader(dataloader, seed, diff_rank_seed)
        # mmengine's _SlicedDataset (num_batch_per_epoch) wraps the dataset
        dataset = getattr(loader.dataset, '_dataset', loader.dataset)
        refuse_empty(dataset)
        if serialize:
            serialize_samples(dataset)
        return loader
