"""MAML for few-shot landmarks with a fixed number of detectors, MetaCloth's
MAML baseline (section 4.3.2)."""
from typing import Dict, Tuple

import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType
from torch import Tensor, nn

from ..layers.landmark_detector_prediction import detect_landmarks
from ..utils.functional_adaptation import (Params, adapt_params,
                                           adapted_copies, call_with,
                                           module_params)
from .few_shot_landmark_detector import FewShotLandmarkDetector, ItemBatch


@MODELS.register_module()
class MAMLLandmarkDetector(FewShotLandmarkDetector):
    """MAML (Finn et al. 2017) over a FENet and ``num_detectors`` learnt
    1 x 1 detectors, as MetaCloth adjusts it: MAML needs a fixed number of
    parameters, so the model has as many detectors as the category with
    the most landmarks (39 in DeepFashion2) and a task of Nc landmarks uses
    the first Nc. Per task, ``adaptation.steps`` gradient steps of the
    support loss adapt the FENet and the detectors together; meta-training
    takes the query loss's gradient through them (second order unless
    ``adaptation.first_order``).

    The paper pads every garment to 39 landmarks so that every detector is
    meaningful in every task; here the detectors beyond a task's Nc take no
    part in it (ours: a landmark slot means different points in different
    categories either way).

    Args:
        fenet (dict): Config of a
            :class:`~mmfashion_lm.models.backbones.FeatureExtractionNet`
            (e.g. with ``init_cfg=dict(type='Pretrained', checkpoint=...)``
            from the base model M, the start MetaCloth has too).
        codec (dict): The heatmap codec.
        channels (int): The features' channels. Defaults to 512
        num_detectors (int): Detectors, the largest Nc. Defaults to 39
        adaptation (dict): ``steps``, ``lr``, ``first_order`` of the inner
            loop (the test always adapts first order).
        **kwargs: ``loss``, ``data_preprocessor``, ``init_cfg``.
    """

    def __init__(self,
                 fenet: ConfigType,
                 codec: ConfigType,
                 channels: int = 512,
                 num_detectors: int = 39,
                 adaptation: ConfigType = dict(
                     steps=12, lr=0.01, first_order=False),
                 **kwargs) -> None:
        super().__init__(codec=codec, **kwargs)
        self.fenet = MODELS.build(fenet)
        # zero: deterministic; the first inner step moves the detectors
        self.detectors = nn.Parameter(torch.zeros(num_detectors, channels))
        self.adaptation = dict(adaptation)

    def task_loss(self, params: Params, items: ItemBatch) -> Tensor:
        """The heatmap loss of the items with ``params`` (the FENet's and
        ``'detectors'``), the first Nc detectors."""
        num_landmarks = items['data_samples'][0].gt_fields.heatmaps.shape[0]
        if num_landmarks > len(params['detectors']):
            raise ValueError(
                f'MAMLLandmarkDetector: a task of {num_landmarks} landmarks '
                f'and {len(params["detectors"])} detectors; raise '
                'num_detectors')
        fenet_params = {k: v for k, v in params.items() if k != 'detectors'}
        features = call_with(self.fenet, fenet_params, items['inputs'])
        return self.heatmap_loss(
            detect_landmarks(features,
                             params['detectors'][:num_landmarks]), items)

    def episode_loss(self, episode: dict) -> Dict[str, Tensor]:
        support = episode['support']
        params = adapt_params(
            {**module_params(self.fenet), 'detectors': self.detectors},
            lambda p: self.task_loss(p, support), self.adaptation['steps'],
            self.adaptation['lr'], self.adaptation.get('first_order', False))
        return dict(loss_query=self.task_loss(params, episode['query']))

    def adapt_weights(self, support: ItemBatch
                      ) -> Tuple[nn.Module, Params, Tensor]:
        params = adapted_copies(
            {**dict(self.fenet.named_parameters()),
             'detectors': self.detectors},
            lambda p: self.task_loss(p, support), self.adaptation['steps'],
            self.adaptation['lr'])
        num_landmarks = support['data_samples'][0].gt_fields.heatmaps.shape[0]
        detectors = params.pop('detectors')[:num_landmarks]
        return self.fenet, params, detectors
