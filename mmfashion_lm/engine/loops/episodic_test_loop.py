"""Few-shot meta-test: adapt to each episode's support, predict its
query, for several shot counts."""
import copy
from typing import Dict, Sequence, Union

import torch
from mmengine.evaluator import Evaluator
from mmengine.runner import TestLoop
from mmpose.registry import LOOPS


@LOOPS.register_module()
class EpisodicTestLoop(TestLoop):
    """MetaCloth's meta-test (Algorithm 2) as mmengine's test loop: for
    each K of ``shots``, the episodes of the test dataloader's
    :class:`~mmfashion_lm.datasets.EpisodicDataset` with K support images
    (the dataloader is built anew for each K, its dataset's ``shots`` set
    to K); the model adapts to each support set with gradients enabled
    (mmengine's ``TestLoop`` runs under ``no_grad``) and predicts the
    query; the evaluator (e.g.
    :class:`~mmfashion_lm.evaluation.EpisodicLandmarkMetric`) gets every
    episode of every K and reports per K. Episode ``i`` has the same
    category for every K (the dataset's categories in turn).

    Args:
        runner (Runner): The runner.
        dataloader (dict): The test dataloader's config.
        evaluator (Evaluator | dict | list): The evaluator.
        shots (Sequence[int]): The support sizes K. Defaults to the
            paper's ``(1, 3, 5, 8, 10)``
        fp16 (bool): Ignored (adaptation runs in full precision). Defaults
            to False
    """

    def __init__(self,
                 runner,
                 dataloader: dict,
                 evaluator: Union[Evaluator, dict, list],
                 shots: Sequence[int] = (1, 3, 5, 8, 10),
                 fp16: bool = False) -> None:
        if not isinstance(dataloader, dict):
            raise TypeError('EpisodicTestLoop builds a dataloader per shot '
                            'count: give test_dataloader as a config dict')
        shots = tuple(int(k) for k in shots)
        if not shots or min(shots) < 1:
            raise ValueError(f'EpisodicTestLoop: shots must be positive '
                             f'support sizes, got {shots}')
        self.shots = shots
        self.dataloader_cfgs: Dict[int, dict] = {}
        for k in shots:
            cfg = copy.deepcopy(dataloader)
            cfg['dataset']['shots'] = k
            self.dataloader_cfgs[k] = cfg
        super().__init__(runner, self.dataloader_cfgs[shots[0]], evaluator,
                         fp16)

    def run(self) -> dict:
        self.runner.call_hook('before_test')
        self.runner.call_hook('before_test_epoch')
        self.runner.model.eval()
        num_episodes = 0
        for k in self.shots:
            if self.dataloader.dataset.sampler.shots != k:
                self.dataloader = self.runner.build_dataloader(
                    self.dataloader_cfgs[k], seed=self.runner.seed)
            for idx, data_batch in enumerate(self.dataloader):
                self.run_iter(idx, data_batch)
            num_episodes += len(self.dataloader.dataset)
        metrics = self.evaluator.evaluate(num_episodes)
        self.runner.call_hook('after_test_epoch', metrics=metrics)
        self.runner.call_hook('after_test')
        return metrics

    def run_iter(self, idx: int, data_batch: dict) -> None:
        self.runner.call_hook(
            'before_test_iter', batch_idx=idx, data_batch=data_batch)
        # the model enables gradients for its adaptation itself
        with torch.no_grad():
            outputs = self.runner.model.test_step(data_batch)
        self.evaluator.process(data_samples=outputs, data_batch=data_batch)
        self.runner.call_hook(
            'after_test_iter',
            batch_idx=idx,
            data_batch=data_batch,
            outputs=outputs)
