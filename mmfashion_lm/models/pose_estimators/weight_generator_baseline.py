"""WG, MetaCloth's few-shot weight generator baseline (section 4.3.3)."""
from typing import Callable, Dict

import torch
import torch.nn.functional as F
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType
from torch import Tensor, nn

from ..layers.landmark_detector_prediction import landmark_level_features
from .few_shot_landmark_detector import (FewShotLandmarkDetector, ItemBatch,
                                         read_topdown_checkpoint)


@MODELS.register_module()
class WeightGeneratorBaseline(FewShotLandmarkDetector):
    """Detectors generated from the support's landmark features with a
    cosine-similarity detector (Gidaris and Komodakis 2018, "Dynamic
    few-shot visual learning without forgetting", its feature-averaging
    generator, as MetaCloth's WG).

    A landmark's detector is ``w = phi * mean of the normalised features at
    its labelled support locations`` (``phi`` a learnt per-channel scale);
    a query location's heatmap value is ``tau * cos(f(x, y), w)`` with a
    learnt ``tau``. The features are a trained model's, fixed; ``phi`` and
    ``tau`` train over the seen categories' tasks on the query loss (as
    PPNet in Algorithm 3). Cosine similarity is no 1 x 1 convolution of the
    features, so ``tools/few_shot/adapt.py`` cannot write it.

    Args:
        fenet (dict): Config of a
            :class:`~mmfashion_lm.models.backbones.FeatureExtractionNet`,
            e.g. initialised from the base model M's checkpoint.
        codec (dict): The heatmap codec.
        channels (int): The features' channels. Defaults to 512
        temperature (float): ``tau``'s start. Defaults to 1 (targets peak
            at 1)
        **kwargs: ``loss``, ``data_preprocessor``, ``init_cfg``.
    """

    def __init__(self,
                 fenet: ConfigType,
                 codec: ConfigType,
                 channels: int = 512,
                 temperature: float = 1.,
                 **kwargs) -> None:
        super().__init__(codec=codec, **kwargs)
        self.fenet = MODELS.build(fenet)
        self.fenet.requires_grad_(False)
        read_topdown_checkpoint(self, 'fenet')
        self.scale = nn.Parameter(torch.ones(channels))
        self.temperature = nn.Parameter(torch.tensor(float(temperature)))

    def features(self, inputs: Tensor) -> Tensor:
        with torch.no_grad():
            return F.normalize(self.fenet(inputs), dim=1)

    def generate(self, support: ItemBatch) -> Callable[[Tensor], Tensor]:
        heatmaps, weights = self.targets(support)
        detectors = self.scale * landmark_level_features(
            self.features(support['inputs']),
            self.label_maps(heatmaps, weights), weights)
        detectors = F.normalize(detectors, dim=1)
        return lambda inputs: self.temperature * torch.einsum(
            'bchw,nc->bnhw', self.features(inputs), detectors)

    def episode_loss(self, episode: dict) -> Dict[str, Tensor]:
        detect = self.generate(episode['support'])
        query = episode['query']
        return dict(
            loss_query=self.heatmap_loss(detect(query['inputs']), query))

    def adapt(self, support: ItemBatch) -> Callable[[Tensor], Tensor]:
        return self.generate(support)
