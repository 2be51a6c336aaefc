"""The shape every few-shot landmark model of the package shares: one
forward over a batch of episodes, adaptation on the support, predictions on
the query."""
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np
import torch
from mmengine.model import BaseModel
from mmengine.structures import InstanceData
from mmpose.registry import KEYPOINT_CODECS, MODELS
from mmpose.utils.typing import ConfigType, OptConfigType, SampleList
from torch import Tensor, nn

from ..layers.landmark_detector_prediction import detect_landmarks
from ..utils.functional_adaptation import Params, call_with

#: A batch of one set of an episode, as ``EpisodeDataPreprocessor`` makes
#: it: ``dict(inputs=Tensor (n, 3, H, W), data_samples=[...])``.
ItemBatch = Dict[str, object]


def read_topdown_checkpoint(module: nn.Module, attribute: str) -> None:
    """Let ``module`` load a top-down landmark model's checkpoint: its
    ``backbone.*`` and ``neck.*`` become ``{attribute}.backbone.*`` /
    ``{attribute}.neck.*`` (a :class:`~mmfashion_lm.models.backbones.
    FeatureExtractionNet`), its head is left out; so ``tools/test.py
    FEW_SHOT_CONFIG TOPDOWN_CHECKPOINT`` evaluates that model's features."""

    def rename(state_dict, prefix, *args) -> None:
        for key in list(state_dict):
            name = key[len(prefix):]
            if name.startswith(('backbone.', 'neck.')):
                state_dict[f'{prefix}{attribute}.{name}'] = state_dict.pop(
                    key)
            elif name.startswith('head.'):
                del state_dict[key]

    module._register_load_state_dict_pre_hook(rename)


class FewShotLandmarkDetector(BaseModel):
    """Base of the few-shot landmark detectors (MetaCloth and its
    baselines): a task is one garment category with its Nc landmarks, K
    annotated support images and query images (MetaCloth, section 3.1).

    ``forward(episodes, mode)`` takes the episodes of
    :class:`~mmfashion_lm.datasets.EpisodicDataset` as
    :class:`~mmfashion_lm.models.EpisodeDataPreprocessor` makes them, so
    mmengine's ``train_step`` / ``test_step`` and its distributed wrapper
    run these models unchanged:

    - ``'loss'``: :meth:`episode_loss` of each episode (a meta-training
      task), averaged; a model with no training stage raises.
    - ``'predict'``: :meth:`adapt` to each episode's support set (an
      adaptation that takes gradient steps enables gradients itself, even
      under a test loop's ``no_grad``), then the query items' heatmaps,
      decoded by
      the codec and mapped back to the image: the query data samples with
      ``pred_instances`` (``keypoints``, ``keypoint_scores``) and the
      episode in their metainfo (``episode_index``, ``shots``,
      ``category_id``), as
      :class:`~mmfashion_lm.evaluation.EpisodicLandmarkMetric` reads them.

    Targets are the items' heatmaps (``gt_fields.heatmaps``, Nc per item,
    from ``GenerateTarget``) and weights (``gt_instance_labels.
    keypoint_weights``); heatmaps must be the size of the features.

    Args:
        codec (dict): The heatmap codec, e.g. ``MSRAHeatmap``: decodes the
            predictions (its encoder runs in the pipeline).
        loss (dict): The heatmap loss. Defaults to visibility-weighted MSE
            (``KeypointMSELoss``)
        data_preprocessor (dict, optional): Its config, an
            :class:`~mmfashion_lm.models.EpisodeDataPreprocessor`.
        init_cfg (dict, optional): Initialisation. Defaults to None
    """

    def __init__(self,
                 codec: ConfigType,
                 loss: ConfigType = dict(
                     type='KeypointMSELoss', use_target_weight=True),
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.codec = KEYPOINT_CODECS.build(codec)
        self.loss_module = MODELS.build(loss)

    def forward(self, episodes: Sequence[dict], mode: str = 'loss'):
        if mode == 'loss':
            losses = [self.episode_loss(episode) for episode in episodes]
            return {
                key: sum(loss[key] for loss in losses) / len(losses)
                for key in losses[0]
            }
        if mode == 'predict':
            return [
                sample for episode in episodes
                for sample in self.predict_episode(episode)
            ]
        raise ValueError(f'{type(self).__name__}: mode must be "loss" or '
                         f'"predict", got {mode!r}')

    def episode_loss(self, episode: dict) -> Dict[str, Tensor]:
        """The losses of one meta-training task."""
        raise NotImplementedError(
            f'{type(self).__name__} adapts at test time only and has no '
            'training stage: run it with tools/test.py')

    def adapt(self, support: ItemBatch) -> Callable[[Tensor], Tensor]:
        """Adapt to a support set; return the detector of the task, a
        function from images (n, 3, H, W) to heatmaps (n, Nc, h, w): by
        default the features of :meth:`adapt_weights` and its 1 x 1
        detectors."""
        fenet, params, detectors = self.adapt_weights(support)
        return lambda inputs: detect_landmarks(
            call_with(fenet, params, inputs), detectors)

    def adapt_weights(self,
                      support: ItemBatch) -> Tuple[nn.Module, Params, Tensor]:
        """Adapt to a support set; return the task's landmark model as
        weights: a :class:`~mmfashion_lm.models.backbones.
        FeatureExtractionNet`, the parameters to run it with (by name, as
        :func:`~mmfashion_lm.models.utils.call_with` takes them) and the
        detectors ``omega`` (Nc, C), so that ``tools/few_shot/adapt.py``
        can write an ordinary top-down model."""
        raise NotImplementedError(
            f'{type(self).__name__} does not detect with 1 x 1 detectors '
            'over features: it has no landmark model to write')

    def predict_episode(self, episode: dict) -> SampleList:
        """The query items' data samples with their predictions."""
        detect = self.adapt(episode['support'])
        query = episode['query']
        with torch.no_grad():
            heatmaps = detect(query['inputs']).detach().float().cpu().numpy()
        samples = query['data_samples']
        for sample, item_heatmaps in zip(samples, heatmaps):
            keypoints, scores = self.codec.decode(item_heatmaps)
            sample.pred_instances = InstanceData(
                keypoints=self.to_image(keypoints, sample.metainfo),
                keypoint_scores=scores)
            sample.set_metainfo(
                dict(
                    episode_index=episode['index'],
                    shots=episode['shots'],
                    category_id=episode['category']))
        return samples

    @staticmethod
    def to_image(keypoints: np.ndarray, metainfo: dict) -> np.ndarray:
        """Keypoints from the model input to the image, as mmpose's
        top-down estimators map them (``input_center``, ``input_scale``)."""
        input_size = np.asarray(metainfo['input_size'], np.float32)
        center = np.asarray(metainfo['input_center'], np.float32)
        scale = np.asarray(metainfo['input_scale'], np.float32)
        return keypoints / input_size * scale + center - 0.5 * scale

    @staticmethod
    def targets(items: ItemBatch) -> List[Tensor]:
        """The items' target heatmaps (n, Nc, h, w) and weights (n, Nc)."""
        samples = items['data_samples']
        heatmaps = torch.stack([s.gt_fields.heatmaps for s in samples])
        weights = torch.stack([
            torch.as_tensor(s.gt_instance_labels.keypoint_weights).reshape(-1)
            for s in samples
        ])
        return [heatmaps.float(), weights.to(heatmaps.device).float()]

    @staticmethod
    def label_maps(heatmaps: Tensor, weights: Tensor) -> Tensor:
        """MetaCloth's ``L_point`` from target heatmaps: one-hot at each
        landmark's peak, zero for an unlabelled one (section 3.3.1)."""
        flat = heatmaps.flatten(2)
        one_hot = torch.zeros_like(flat).scatter_(
            2, flat.argmax(2, keepdim=True), 1.)
        return (one_hot * (weights[..., None] > 0)).view_as(heatmaps)

    def heatmap_loss(self, predicted: Tensor, items: ItemBatch) -> Tensor:
        """The loss of predicted heatmaps against the items' targets."""
        heatmaps, weights = self.targets(items)
        return self.loss_module(predicted, heatmaps, weights)
