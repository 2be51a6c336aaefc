"""Meta-training over episodes: one task after another."""
import math
from typing import Union

from mmengine.logging import print_log
from mmengine.runner import IterBasedTrainLoop
from mmpose.registry import LOOPS
from torch.utils.data import DataLoader

from ...datasets.episodic_dataset import EpisodicDataset


@LOOPS.register_module()
class MetaTrainLoop(IterBasedTrainLoop):
    """Meta-training counted in tasks (MetaCloth's 40,000; Algorithms 1
    and 3): an iteration is a batch of ``batch_size`` episodes of an
    :class:`~mmfashion_lm.datasets.EpisodicDataset`, the model's
    ``train_step`` takes the mean of their query losses, so
    ``max_tasks / batch_size`` iterations (rounded up) run; schedules,
    checkpoints and logs count iterations, as mmengine's
    ``IterBasedTrainLoop`` (which this is) does. Episode ``i`` is the same
    on every run and every rank (its seed is ``(seed, i)``); give the
    dataset ``num_episodes >= max_tasks`` so that no task repeats.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): Over an ``EpisodicDataset``, with
            ``collate_fn=dict(type='episode_collate')``.
        max_tasks (int): Tasks to train on.
        val_begin (int): First iteration that may validate. Defaults to 1
        val_interval (int): Iterations between validations. Defaults to 1000
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, dict],
                 max_tasks: int,
                 val_begin: int = 1,
                 val_interval: int = 1000) -> None:
        batch_size = dataloader['batch_size'] if isinstance(
            dataloader, dict) else dataloader.batch_size
        if max_tasks < 1:
            raise ValueError(f'MetaTrainLoop: max_tasks must be >= 1, got '
                             f'{max_tasks}')
        super().__init__(
            runner,
            dataloader,
            max_iters=math.ceil(max_tasks / batch_size),
            val_begin=val_begin,
            val_interval=val_interval)
        dataset = self.dataloader.dataset
        if not isinstance(dataset, EpisodicDataset):
            raise TypeError(
                f'MetaTrainLoop trains on episodes: train_dataloader.dataset '
                f'must be an EpisodicDataset, got {type(dataset).__name__}')
        self.max_tasks = max_tasks
        if len(dataset) < max_tasks:
            print_log(
                f'MetaTrainLoop: {max_tasks} tasks over {len(dataset)} '
                'episodes: episodes repeat (raise the dataset\'s '
                'num_episodes to draw new ones)',
                logger='current')
