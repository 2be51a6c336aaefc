"""Few-shot tasks as a dataset: one sample an episode."""
import copy
from typing import Optional, Sequence, Union

from mmengine.dataset import BaseDataset
from mmengine.registry import FUNCTIONS
from mmpose.registry import DATASETS

from .episode_sampler import EpisodeSampler
from .few_shot_benchmarks import few_shot_split


@DATASETS.register_module()
class EpisodicDataset:
    """Nc-way K-shot episodes over the items of a dataset (MetaCloth,
    section 3.1): sample ``i`` is episode ``i`` of an
    :class:`~mmfashion_lm.datasets.episode_sampler.EpisodeSampler`, its
    items run through the wrapped dataset's pipeline.

    The wrapped dataset gives one item per garment (e.g. mmpose's
    ``DeepFashion2Dataset`` in top-down mode with
    :class:`~mmfashion_lm.datasets.KeepCategoryLandmarks` and
    :class:`~mmfashion_lm.datasets.TopdownBoxResize` in its pipeline, so
    that each item is its box resized with its category's landmarks); its
    ``category_id`` and ``img_id`` place the items in tasks.

    Args:
        dataset (dict | BaseDataset): The item dataset or its config.
        shots (int): K, support images per task.
        num_queries (int): Q, query images per task.
        num_episodes (int): Episodes, the length of this dataset.
        benchmark (str, optional): A MetaCloth benchmark, 'B1' .. 'B4'
            (:mod:`~mmfashion_lm.datasets.few_shot_benchmarks`), with
            ``split``. Defaults to None.
        split (str): ``'seen'`` or ``'unseen'``: the categories of the
            benchmark to draw tasks of. Defaults to ``'seen'``.
        categories (Sequence[int], optional): The categories, instead of a
            benchmark. Defaults to None.
        seed (int): The episodes' seed. Defaults to 0.

    Returns of ``__getitem__``: ``dict(index=i, shots=K, category=c,
    support=[...], query=[...])``, the lists holding the pipeline's outputs
    (mmpose's packed ``inputs`` / ``data_samples``). Batch episodes with
    :func:`episode_collate` (``collate_fn=dict(type='episode_collate')``).
    """

    def __init__(self,
                 dataset: Union[dict, BaseDataset],
                 shots: int,
                 num_queries: int,
                 num_episodes: int,
                 benchmark: Optional[str] = None,
                 split: str = 'seen',
                 categories: Optional[Sequence[int]] = None,
                 seed: int = 0) -> None:
        if (benchmark is None) == (categories is None):
            raise ValueError('EpisodicDataset: give either benchmark (with '
                             'split) or categories')
        if benchmark is not None:
            if split not in ('seen', 'unseen'):
                raise ValueError(f'EpisodicDataset: split must be "seen" or '
                                 f'"unseen", got {split!r}')
            categories = getattr(few_shot_split(benchmark), split)
        if num_episodes < 1:
            raise ValueError(f'EpisodicDataset: num_episodes must be >= 1, '
                             f'got {num_episodes}')
        self.dataset = DATASETS.build(dataset) if isinstance(
            dataset, dict) else dataset
        # mmengine's get_data_info: mmpose's copies the whole metainfo into
        # every item, far too slow over DeepFashion2's 300k garments
        infos = [
            BaseDataset.get_data_info(self.dataset, i)
            for i in range(len(self.dataset))
        ]
        self.sampler = EpisodeSampler(
            [int(info['category_id']) for info in infos],
            [info['img_id'] for info in infos], categories, shots,
            num_queries, seed)
        self.num_episodes = num_episodes

    @property
    def metainfo(self) -> dict:
        return copy.deepcopy(self.dataset.metainfo)

    def __len__(self) -> int:
        return self.num_episodes

    def __getitem__(self, index: int) -> dict:
        episode = self.sampler.episode(index)
        return dict(
            index=index,
            shots=self.sampler.shots,
            category=episode.category,
            support=[self.dataset[i] for i in episode.support],
            query=[self.dataset[i] for i in episode.query])


@FUNCTIONS.register_module()
def episode_collate(episodes: Sequence[dict]) -> dict:
    """The dataloader's batch of :class:`EpisodicDataset` samples:
    ``dict(episodes=[...])``, each episode as it is (its items differ in
    landmark count from one task to the next, so nothing is stacked here;
    :class:`~mmfashion_lm.models.EpisodeDataPreprocessor` stacks each
    episode's support and query)."""
    return dict(episodes=list(episodes))
