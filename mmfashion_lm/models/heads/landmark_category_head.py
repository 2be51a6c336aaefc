from typing import Sequence, Tuple

import numpy as np
from mmpose.models.heads.base_head import BaseHead
from mmpose.registry import MODELS
from mmpose.utils.typing import (ConfigType, Features, OptConfigType,
                                 OptSampleList, Predictions)
from torch import Tensor


@MODELS.register_module()
class LandmarkCategoryHead(BaseHead):
    """A bottom-up landmark head and a category head on one shared feature,
    the joint model of seed 003 (section 5.2): composite fields for the
    garments' landmarks, category maps for their clothing category, and
    optionally fork normalisation of the two tasks' gradients between the
    backbone and the heads (its appendix 7.1).

    Training adds the heads' losses (their own keys, ``loss_cif_*``,
    ``loss_caf_*``, ``loss_category``); with ``fork`` the shared feature is
    forked into one copy per task, the study's three heads (PIF, PAF and
    category), so that each sample's gradient into the backbone is the
    tasks' sum scaled by ``T ** -beta``
    (:class:`~mmfashion_lm.models.layers.ForkNormalization`). Prediction
    decodes the garments with the landmark head and reads each garment's
    category from the category maps over its box (``category_id``,
    ``category_scores``), and the image's (``pred_category_score``). With
    ``rescore`` (ours, beyond the study), each garment's score
    (``bbox_scores``) is multiplied by the probability the category maps
    give its ``category_id`` over its box, and the garments re-sorted: for
    a category-aware decoder, which decodes a garment once per category
    whose slots fire on it, the category maps then rank the right
    category's hypothesis first.

    Args:
        landmark_head (Config): The landmark head,
            ``dict(type='CompositeFieldsHead', ...)`` (its
            ``forward_fields`` takes the CIF's and the CAF's copies of the
            feature); its ``predict`` gives the garments
            (``pred_instances`` with ``bboxes``).
        category_head (Config): The category head,
            ``dict(type='CategoryMapHead', ...)``.
        fork (Config, optional): ``dict(type='ForkNormalization', ...)``;
            ``None`` back-propagates the plain sum (no fork). Defaults to
            None.
        rescore (bool): Multiply each decoded garment's score by its
            category's probability. Defaults to False.
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to None (each head's own).
    """

    def __init__(self,
                 landmark_head: ConfigType,
                 category_head: ConfigType,
                 fork: OptConfigType = None,
                 rescore: bool = False,
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(init_cfg)
        self.rescore = rescore
        self.landmark_head = MODELS.build(landmark_head)
        self.category_head = MODELS.build(category_head)
        self.fork = MODELS.build(fork) if fork is not None else None
        # mmpose's estimators and tools read the landmark codec here
        self.decoder = self.landmark_head.decoder

    def forward(self, feats: Sequence[Tensor]) -> Tuple:
        """The landmark head's outputs and the category maps."""
        return self.landmark_head.forward(feats), \
            self.category_head.forward(feats)

    def loss(self,
             feats: Sequence[Tensor],
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Both heads' losses; with ``fork``, on three copies of the last
        feature map: the CIF, the CAF and the categories, the study's three
        heads (section 5.2), so that ``T`` is 3 for a sample with a category
        label and 2 for one without."""
        if self.fork is None:
            losses = self.landmark_head.loss(feats, batch_data_samples,
                                             train_cfg)
            category_feats = feats
        else:
            cif_feat, caf_feat, category_feat = self.fork(feats[-1], 3)
            losses = self.landmark_head.loss_from_fields(
                self.landmark_head.forward_fields(cif_feat, caf_feat),
                batch_data_samples)
            category_feats = [*feats[:-1], category_feat]
        losses.update(
            self.category_head.loss(category_feats, batch_data_samples,
                                    train_cfg))
        return losses

    def predict(self,
                feats: Features,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> Predictions:
        """The landmark head's predictions, each garment with its
        category; with ``rescore``, rescored and re-sorted."""
        preds = self.landmark_head.predict(feats, batch_data_samples,
                                           test_cfg)
        instances = preds[0] if isinstance(preds, tuple) else preds
        maps = self.category_head.predict(feats, batch_data_samples,
                                          test_cfg)
        input_size = self.decoder.input_size
        self.category_head.predict_instances(maps, instances, input_size)
        if self.rescore:
            for index, garments in enumerate(instances):
                instances[index] = self._rescored(garments)
        return preds

    def _rescored(self, garments):
        """``garments`` with each score times its category's probability,
        best first."""
        if len(garments) == 0:
            return garments
        labels = (np.asarray(garments.category_id) -
                  self.category_head.category_id_offset)
        probabilities = garments.category_scores[np.arange(len(labels)),
                                                 labels]
        garments.bbox_scores = (np.asarray(garments.bbox_scores) *
                                probabilities).astype(np.float32)
        return garments[np.argsort(-garments.bbox_scores, kind='stable')]
