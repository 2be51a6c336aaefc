"""MetaCloth: few-shot dense fashion landmark detection by meta-learning
(sections 3-4, Algorithms 1-3)."""
import os.path as osp
from typing import Callable, Dict, Optional, Sequence, Tuple

import torch
from mmengine.runner.checkpoint import _load_checkpoint
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType
from torch import Tensor, nn

from ...datasets.metainfo.deepfashion2 import category_slots
from ..layers.landmark_detector_prediction import (detect_landmarks,
                                                    landmark_level_features)
from ..utils.functional_adaptation import (Params, adapt_params,
                                           adapted_copies, call_with,
                                           module_params)
from .few_shot_landmark_detector import FewShotLandmarkDetector, ItemBatch

STAGES = ('ppnet', 'meta_fenet')
LABEL_MAPS = ('predicted', 'ground_truth')


@MODELS.register_module()
class MetaCloth(FewShotLandmarkDetector):
    """MetaCloth's detector parameter prediction and meta feature
    extraction network, trained in two stages after the base model M.

    Three networks: the base FENet ``theta_0`` (frozen; the base model M's
    backbone and neck) with M's detectors of every seen landmark; PPNet
    ``phi``; the meta FENet ``theta`` (initialised as ``theta_0``). For a
    task (category ``c``, support ``S``, query ``Q``):

    - ``stage='ppnet'`` trains PPNet (Algorithm 3): ``omega = PPNet(F_point
      of FENet(S; theta_0))``, loss of ``(theta_0, omega)`` on ``Q``. Its
      test is the ablation Base-FEN: ``Q`` through ``(theta_0, omega)``.
    - ``stage='meta_fenet'`` trains the meta FENet (Algorithm 1), PPNet
      fixed: ``omega`` as above; ``theta' = theta - beta1 grad l_S(theta,
      omega)`` (``adaptation.steps`` steps); ``omega' = PPNet(F_point of
      FENet(S; theta'))``; ``theta`` takes the gradient of ``l_Q(theta',
      omega')`` through the steps (second order unless
      ``adaptation.first_order``). Its test is Algorithm 2: the same
      adaptation, then ``Q`` through ``(theta', omega')``.

    ``F_point`` (section 3.3.1) weighs the features with label maps: at
    test the ground truth's one-hot maps; at meta-training the base model's
    predicted heatmaps of the category's landmarks (section 3.4.1), or the
    ground truth with ``train_label_maps='ground_truth'``. Predicted maps
    are clipped at 0 and normalised to sum 1 (ours: so that ``F_point`` is a
    weighted mean of features, on the scale of a one-hot map's); a map with
    no positive value leaves its landmark out of that image's ``F_point``,
    as an unlabelled one.

    Args:
        fenet (dict): Config of a
            :class:`~mmfashion_lm.models.backbones.FeatureExtractionNet`;
            both FENets are built from it.
        ppnet (dict): Config of the
            :class:`~mmfashion_lm.models.layers.ParameterPredictionNet`.
        codec (dict): The heatmap codec (predictions' decoder).
        seen_categories (Sequence[int]): The DeepFashion2 categories of the
            base model, in its order (their slots side by side, e.g.
            ``DEEPFASHION2_B1_SEEN_INFO``'s).
        stage (str): ``'ppnet'`` or ``'meta_fenet'``. Defaults to
            ``'meta_fenet'``
        adaptation (dict): The inner loop: ``steps`` (12 in the paper),
            ``lr`` (``beta1``, 0.01) and ``first_order`` (False: second
            order at meta-training; the test loop always adapts first
            order, having no outer gradient to take).
        train_label_maps (str): ``'predicted'`` (the paper) or
            ``'ground_truth'``. Defaults to ``'predicted'``
        base_checkpoint (str, optional): The base model M's checkpoint: its
            ``backbone.*`` and ``neck.*`` start both FENets and its
            ``head.final_layer`` is the base detectors, read by
            :meth:`init_weights` (a later ``load_from`` overrides them).
            Defaults to None
        loss (dict): The heatmap loss. Defaults to ``KeypointMSELoss``
        data_preprocessor (dict, optional): An ``EpisodeDataPreprocessor``.
        init_cfg (dict, optional): Initialisation. Defaults to None
    """

    def __init__(self,
                 fenet: ConfigType,
                 ppnet: ConfigType,
                 codec: ConfigType,
                 seen_categories: Sequence[int],
                 stage: str = 'meta_fenet',
                 adaptation: ConfigType = dict(
                     steps=12, lr=0.01, first_order=False),
                 train_label_maps: str = 'predicted',
                 base_checkpoint: Optional[str] = None,
                 **kwargs) -> None:
        super().__init__(codec=codec, **kwargs)
        if stage not in STAGES:
            raise ValueError(f'MetaCloth: stage must be one of {STAGES}, '
                             f'got {stage!r}')
        if train_label_maps not in LABEL_MAPS:
            raise ValueError(f'MetaCloth: train_label_maps must be one of '
                             f'{LABEL_MAPS}, got {train_label_maps!r}')
        self.stage = stage
        self.adaptation = dict(adaptation)
        self.train_label_maps = train_label_maps
        self.base_checkpoint = base_checkpoint
        self.base_fenet = MODELS.build(fenet)
        self.fenet = MODELS.build(fenet)
        self.ppnet = MODELS.build(ppnet)
        channels = self.ppnet.layers[-1].out_features
        # where each seen category's landmarks sit among the base detectors
        self.base_slices: Dict[int, slice] = {}
        start = 0
        for category in seen_categories:
            size = len(category_slots([category]))
            self.base_slices[int(category)] = slice(start, start + size)
            start += size
        self.base_detectors = nn.Conv2d(channels, start, 1)
        trained = self.ppnet if stage == 'ppnet' else self.fenet
        for module in (self.base_fenet, self.fenet, self.ppnet,
                       self.base_detectors):
            module.requires_grad_(module is trained)

    def init_weights(self) -> None:
        super().init_weights()
        if self.base_checkpoint is None:
            return
        if not osp.isfile(self.base_checkpoint):
            raise FileNotFoundError(
                f'MetaCloth: model.base_checkpoint {self.base_checkpoint} '
                'does not exist: train the base model M first (configs/'
                'metacloth/base-model_*.py), or point base_checkpoint at '
                'its checkpoint')
        state = _load_checkpoint(self.base_checkpoint, map_location='cpu')
        state = state.get('state_dict', state)
        fenet_state = {
            key: value
            for key, value in state.items()
            if key.startswith(('backbone.', 'neck.'))
        }
        for fenet in (self.base_fenet, self.fenet):
            fenet.load_state_dict(fenet_state)
        prefix = 'head.final_layer.'
        self.base_detectors.load_state_dict({
            key[len(prefix):]: value
            for key, value in state.items() if key.startswith(prefix)
        })

    def detectors(self, features: Tensor, label_maps: Tensor,
                  weights: Tensor) -> Tensor:
        """``omega = PPNet(F_point)`` (Nc, C) from the support's features
        and label maps."""
        return self.ppnet(landmark_level_features(features, label_maps,
                                                  weights))

    def train_maps(self, category: int, features: Tensor,
                   support: ItemBatch) -> Tuple[Tensor, Tensor]:
        """The support's label maps at meta-training (K, Nc, h, w) and the
        weights of its landmarks (K, Nc)."""
        heatmaps, weights = self.targets(support)
        if self.train_label_maps == 'ground_truth':
            return self.label_maps(heatmaps, weights), weights
        if category not in self.base_slices:
            raise ValueError(
                f'MetaCloth: category {category} is not one of the base '
                f'model\'s seen categories {tuple(self.base_slices)}; '
                "meta-train on seen categories or set "
                "train_label_maps='ground_truth'")
        predicted = self.base_detectors(features)[:, self.base_slices[
            category]].clamp(min=0)
        sums = predicted.sum((2, 3))
        maps = predicted / sums.clamp(min=1e-6)[..., None, None]
        return maps, weights * (sums > 0)

    def support_loss(self, support: ItemBatch,
                     omega: Tensor) -> Callable[[dict], Tensor]:
        """``l_S(f_theta, omega)`` as a function of the meta FENet's
        parameters."""
        return lambda params: self.heatmap_loss(
            detect_landmarks(
                call_with(self.fenet, params, support['inputs']), omega),
            support)

    def episode_loss(self, episode: dict) -> Dict[str, Tensor]:
        support, query = episode['support'], episode['query']
        with torch.no_grad():
            base_features = self.base_fenet(support['inputs'])
            label_maps, weights = self.train_maps(episode['category'],
                                                  base_features, support)
        omega = self.detectors(base_features, label_maps, weights)
        if self.stage == 'ppnet':
            with torch.no_grad():
                query_features = self.base_fenet(query['inputs'])
            return dict(loss_query=self.heatmap_loss(
                detect_landmarks(query_features, omega), query))
        adapted = adapt_params(
            module_params(self.fenet),
            self.support_loss(support, omega.detach()),
            self.adaptation['steps'], self.adaptation['lr'],
            self.adaptation.get('first_order', False))
        omega = self.detectors(
            call_with(self.fenet, adapted, support['inputs']), label_maps,
            weights)
        predicted = detect_landmarks(
            call_with(self.fenet, adapted, query['inputs']), omega)
        return dict(loss_query=self.heatmap_loss(predicted, query))

    def adapt_weights(self, support: ItemBatch
                      ) -> Tuple[nn.Module, Params, Tensor]:
        """Algorithm 2 (stage ``'meta_fenet'``) or Base-FEN (``'ppnet'``):
        the adapted FENet ``theta'`` and detectors ``omega'``, or the base
        FENet and ``omega``."""
        heatmaps, weights = self.targets(support)
        label_maps = self.label_maps(heatmaps, weights)
        with torch.no_grad():
            omega = self.detectors(
                self.base_fenet(support['inputs']), label_maps, weights)
        if self.stage == 'ppnet':
            return self.base_fenet, module_params(self.base_fenet), omega
        adapted = adapted_copies(
            dict(self.fenet.named_parameters()),
            self.support_loss(support, omega), self.adaptation['steps'],
            self.adaptation['lr'])
        with torch.no_grad():
            omega = self.detectors(
                call_with(self.fenet, adapted, support['inputs']), label_maps,
                weights)
        return self.fenet, adapted, omega
