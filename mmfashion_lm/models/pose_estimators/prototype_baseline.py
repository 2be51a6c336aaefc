"""PROTO, MetaCloth's prototype baseline (section 4.3)."""
from typing import Callable

import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType
from torch import Tensor

from ..layers.landmark_detector_prediction import landmark_level_features
from .few_shot_landmark_detector import (FewShotLandmarkDetector, ItemBatch,
                                         read_topdown_checkpoint)


@MODELS.register_module()
class PrototypeBaseline(FewShotLandmarkDetector):
    """One prototype per landmark, found at the nearest location
    (prototypical networks, Snell et al. 2017, as MetaCloth's PROTO).

    A landmark's prototype is its landmark-level feature over the support
    (``F_point``, the mean of the features at its labelled locations); a
    query's heatmap of landmark ``k`` is ``exp(-||f(x, y) - p_k||^2 / C)``,
    a monotone map of the squared Euclidean distance (Snell et al.'s) to
    scores in (0, 1]; the landmark is at its maximum, the nearest location.
    The features are a trained model's, fixed. No training stage.

    Args:
        fenet (dict): Config of a
            :class:`~mmfashion_lm.models.backbones.FeatureExtractionNet`:
            a trained top-down model's backbone and neck, whose checkpoint
            ``tools/test.py`` loads as it is (its head left out).
        codec (dict): The heatmap codec.
        **kwargs: ``loss``, ``data_preprocessor``, ``init_cfg``.
    """

    def __init__(self, fenet: ConfigType, codec: ConfigType,
                 **kwargs) -> None:
        super().__init__(codec=codec, **kwargs)
        self.fenet = MODELS.build(fenet)
        read_topdown_checkpoint(self, 'fenet')

    def adapt(self, support: ItemBatch) -> Callable[[Tensor], Tensor]:
        heatmaps, weights = self.targets(support)
        with torch.no_grad():
            prototypes = landmark_level_features(
                self.fenet(support['inputs']),
                self.label_maps(heatmaps, weights), weights)

        def detect(inputs: Tensor) -> Tensor:
            features = self.fenet(inputs)
            # ||f - p||^2 = ||f||^2 - 2 f.p + ||p||^2, without the (n, Nc,
            # C, h, w) differences
            squared = (features.pow(2).sum(1, keepdim=True) -
                       2 * torch.einsum('bchw,nc->bnhw', features, prototypes)
                       + prototypes.pow(2).sum(1)[None, :, None, None])
            return torch.exp(-squared.clamp(min=0) / features.shape[1])

        return detect
