"""FT, MetaCloth's fine-tuning baseline (section 4.3.1)."""
import copy
from typing import Tuple

import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType
from torch import Tensor, nn

from ..layers.landmark_detector_prediction import detect_landmarks
from ..utils.functional_adaptation import Params
from .few_shot_landmark_detector import (FewShotLandmarkDetector, ItemBatch,
                                         read_topdown_checkpoint)


@MODELS.register_module()
class FineTuneBaseline(FewShotLandmarkDetector):
    """Fine-tune a supervised model's features and new 1 x 1 detectors on
    the support set (MetaCloth's FT baseline, after Chen et al.'s
    "baseline" that the paper cites).

    The features are a trained landmark model's backbone and neck (the
    base model M's, or any top-down model of the package: the FT protocol
    gives every method a few-shot number). For a task with Nc landmarks, a
    copy of the features and Nc new detectors (from zero: deterministic)
    take ``steps`` Adam steps on the support loss (ours: Adam, whose step
    does not depend on the loss's scale; plain gradient descent on a
    heatmap MSE barely moves new detectors). The trained model itself is
    never changed. No training stage.

    Args:
        fenet (dict): Config of a
            :class:`~mmfashion_lm.models.backbones.FeatureExtractionNet`:
            a trained top-down model's backbone and neck, whose checkpoint
            ``tools/test.py`` loads as it is (its head left out).
        codec (dict): The heatmap codec.
        steps (int): Fine-tuning steps per task. Defaults to 50
        lr (float): Adam's learning rate for the features. Defaults to 1e-4
        detector_lr (float): Adam's learning rate for the new detectors.
            Defaults to 1e-2
        tune_features (bool): Tune the features too; False fits the
            detectors alone (a linear probe). Defaults to True
        **kwargs: ``loss``, ``data_preprocessor``, ``init_cfg``.
    """

    def __init__(self,
                 fenet: ConfigType,
                 codec: ConfigType,
                 steps: int = 50,
                 lr: float = 1e-4,
                 detector_lr: float = 1e-2,
                 tune_features: bool = True,
                 **kwargs) -> None:
        super().__init__(codec=codec, **kwargs)
        self.fenet = MODELS.build(fenet)
        read_topdown_checkpoint(self, 'fenet')
        self.steps = steps
        self.lr = lr
        self.detector_lr = detector_lr
        self.tune_features = tune_features

    def adapt_weights(self, support: ItemBatch
                      ) -> Tuple[nn.Module, Params, Tensor]:
        heatmaps, _ = self.targets(support)
        fenet = copy.deepcopy(self.fenet).train()
        fenet.requires_grad_(self.tune_features)
        with torch.no_grad():
            channels = fenet(support['inputs'][:1]).shape[1]
        detectors = heatmaps.new_zeros(heatmaps.shape[1],
                                       channels).requires_grad_()
        groups = [dict(params=[detectors], lr=self.detector_lr)]
        if self.tune_features:
            groups.append(dict(params=list(fenet.parameters()), lr=self.lr))
        optimizer = torch.optim.Adam(groups)
        with torch.enable_grad():  # also under a test loop's no_grad
            for _ in range(self.steps):
                optimizer.zero_grad()
                predicted = detect_landmarks(fenet(support['inputs']),
                                             detectors)
                self.heatmap_loss(predicted, support).backward()
                optimizer.step()
        fenet.eval()
        params = {
            name: param.detach()
            for name, param in fenet.named_parameters()
        }
        return fenet, params, detectors.detach()
