"""Landmarks, category and attributes of one garment from one network: an
mmpose landmark head beside mmpretrain's classification heads."""
from typing import Sequence, Tuple

import numpy as np
import torch
from mmpose.models.heads.base_head import BaseHead
from mmpose.registry import MODELS
from mmpose.utils.typing import (ConfigType, Features, OptConfigType,
                                 OptSampleList, Predictions)
from mmpretrain.registry import MODELS as PRETRAIN_MODELS
from mmpretrain.structures import DataSample
from mmengine.structures import InstanceData
from torch import Tensor

POOLINGS = ('flatten', 'avg')


@MODELS.register_module()
class MultiTaskGarmentHead(BaseHead):
    """The heads of the multi-task garment model (Liu & Lu, ECCV Workshops
    2018; the MTL / CAT comparison of seed 002, chapter 3;
    docs/methods/multitask.md): a landmark head on the heatmaps that the
    backbone's :class:`~mmfashion_lm.models.layers.LandmarkDrivenAttention`
    returns as its side output (the backbone's last output), and a category
    head and an attribute head, mmpretrain heads, on the trunk's features
    (the backbone's first output), flattened (Liu & Lu: 512 x 7 x 7) or
    averaged.

    Losses: the landmark head's (``loss_kpt``), ``loss_category`` and
    ``loss_attribute``, each weighted by its own loss config (Liu & Lu:
    landmarks 10, category 1, attributes 20). Samples carry
    ``gt_category_label`` (1, ) and ``gt_attribute_label`` (A, ) from
    :class:`~mmfashion_lm.datasets.PackFashionInputs`; the mmpretrain heads
    get them as their ``gt_label`` / ``gt_score``.

    Prediction: the landmark head's instances (one garment, the top-down
    crop's) with ``category_scores`` (1, C), softmax, and
    ``attribute_scores`` (1, A), sigmoid, added; each sample also gets
    ``pred_category_score`` (C, ) and ``pred_attribute_score`` (A, ), which
    :class:`~mmfashion_lm.evaluation.CategoryAttributeMetric` reads. Without
    a landmark head (CAT) the instances carry no landmarks (K = 0).

    Args:
        category_head (Config): An mmpretrain single-label head,
            e.g. ``dict(type='StackedLinearClsHead', num_classes=48,
            in_channels=25088, mid_channels=[1024])``
        attribute_head (Config, optional): An mmpretrain multi-label head,
            e.g. :class:`StackedMultiLabelClsHead`. Defaults to None (no
            attributes)
        landmark_head (Config, optional): An mmpose head that reads the
            heatmaps as they are, e.g. ``dict(type='HeatmapHead',
            in_channels=8, out_channels=8, deconv_out_channels=None,
            final_layer=None, decoder=...)``. Defaults to None (CAT)
        pooling (str): How the trunk's features become vectors:
            ``'flatten'`` or ``'avg'`` (global average). Defaults to
            ``'flatten'``
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to None (each head's own)
    """

    def __init__(self,
                 category_head: ConfigType,
                 attribute_head: OptConfigType = None,
                 landmark_head: OptConfigType = None,
                 pooling: str = 'flatten',
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(init_cfg)
        if pooling not in POOLINGS:
            raise ValueError(f'pooling must be one of {POOLINGS}, got '
                             f'{pooling!r}')
        # registers StackedMultiLabelClsHead in mmpretrain's registry (not
        # imported with the package: mmpretrain.models is slow to import)
        from . import stacked_multi_label_cls_head  # noqa: F401
        # built in mmpretrain's scope whatever the default scope is
        self.category_head = PRETRAIN_MODELS.build(
            dict(category_head, _scope_='mmpretrain'))
        self.attribute_head = (None if attribute_head is None else
                               PRETRAIN_MODELS.build(
                                   dict(attribute_head,
                                        _scope_='mmpretrain')))
        self.landmark_head = (None if landmark_head is None else
                              MODELS.build(landmark_head))
        self.pooling = pooling
        if self.landmark_head is not None:
            # mmpose's estimators and tools read the landmark codec here
            self.decoder = self.landmark_head.decoder

    def _vectors(self, feats: Sequence[Tensor]) -> Tuple[Tensor]:
        """The trunk's features (the first output) as (B, D) vectors, as
        mmpretrain heads take them."""
        trunk = feats[0]
        if self.pooling == 'avg':
            return (trunk.mean(dim=(2, 3)), )
        return (trunk.flatten(1), )

    def _heatmaps(self, feats: Sequence[Tensor]) -> Tuple[Tensor]:
        """The landmark heatmaps (the backbone's last output)."""
        if len(feats) < 2:
            raise ValueError(
                'MultiTaskGarmentHead with a landmark_head reads the '
                'heatmaps from the backbone\'s last output: put a '
                'LandmarkDrivenAttention plugin in the backbone')
        return (feats[-1], )

    def forward(self, feats: Sequence[Tensor]) -> dict:
        """Category and attribute logits, and the heatmaps with a landmark
        head."""
        vectors = self._vectors(feats)
        outputs = dict(category=self.category_head(vectors))
        if self.attribute_head is not None:
            outputs['attributes'] = self.attribute_head(vectors)
        if self.landmark_head is not None:
            outputs['heatmaps'] = self.landmark_head(self._heatmaps(feats))
        return outputs

    def loss(self,
             feats: Sequence[Tensor],
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """The landmark head's losses, ``loss_category`` and
        ``loss_attribute``."""
        losses = dict()
        if self.landmark_head is not None:
            losses.update(
                self.landmark_head.loss(
                    self._heatmaps(feats), batch_data_samples, train_cfg))
        vectors = self._vectors(feats)
        labels = [
            DataSample().set_gt_label(s.gt_category_label.reshape(-1)[0])
            for s in batch_data_samples
        ]
        losses['loss_category'] = self.category_head.loss(vectors,
                                                          labels)['loss']
        if self.attribute_head is not None:
            scores = [
                DataSample().set_gt_score(s.gt_attribute_label.reshape(-1))
                for s in batch_data_samples
            ]
            losses['loss_attribute'] = self.attribute_head.loss(
                vectors, scores)['loss']
        return losses

    def predict(self,
                feats: Features,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> Predictions:
        """Each sample's garment: landmarks, category and attribute scores
        (see the class doc). Under ``flip_test`` (``feats`` then holds the
        image's features and its flip's) the landmark head averages the
        heatmaps as mmpose does; the classes come from the image alone."""
        flip_test = test_cfg.get('flip_test', False)
        image_feats = feats[0] if flip_test else feats
        with torch.no_grad():
            vectors = self._vectors(image_feats)
            categories = self.category_head(vectors).softmax(dim=-1)
            attributes = (None if self.attribute_head is None else
                          self.attribute_head(vectors).sigmoid())
        if self.landmark_head is None:
            preds = [
                InstanceData(keypoints=np.zeros((1, 0, 2), np.float32),
                             keypoint_scores=np.zeros((1, 0), np.float32))
                for _ in range(len(categories))
            ]
        else:
            heatmaps = ([self._heatmaps(f) for f in feats]
                        if flip_test else self._heatmaps(feats))
            preds = self.landmark_head.predict(heatmaps, batch_data_samples,
                                               test_cfg)
        instances = preds[0] if isinstance(preds, tuple) else preds
        for index, (instance, sample) in enumerate(
                zip(instances, batch_data_samples)):
            category = categories[index].cpu()
            instance.category_scores = category[None].numpy()
            sample.pred_category_score = category
            if attributes is not None:
                attribute = attributes[index].cpu()
                instance.attribute_scores = attribute[None].numpy()
                sample.pred_attribute_score = attribute
        return preds
