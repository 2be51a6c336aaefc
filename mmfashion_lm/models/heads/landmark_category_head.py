from typing import Sequence, Tuple

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
    forked into one copy per head, so that each sample's gradient into the
    backbone is the heads' sum scaled by ``T ** -beta``
    (:class:`~mmfashion_lm.models.layers.ForkNormalization`). Prediction
    decodes the garments with the landmark head and reads each garment's
    category from the category maps over its box (``category_id``,
    ``category_scores``), and the image's (``pred_category_score``).

    Args:
        landmark_head (Config): The landmark head, e.g.
            ``dict(type='CompositeFieldsHead', ...)``; its ``predict`` gives
            the garments (``pred_instances`` with ``bboxes``).
        category_head (Config): The category head,
            ``dict(type='CategoryMapHead', ...)``.
        fork (Config, optional): ``dict(type='ForkNormalization', ...)``;
            ``None`` back-propagates the plain sum (no fork). Defaults to
            None.
        init_cfg (Config, optional): Config to control the initialization.
            Defaults to None (each head's own).
    """

    def __init__(self,
                 landmark_head: ConfigType,
                 category_head: ConfigType,
                 fork: OptConfigType = None,
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(init_cfg)
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
        """Both heads' losses, on forked copies of the last feature map
        when ``fork`` is set."""
        if self.fork is not None:
            landmark_feat, category_feat = self.fork(feats[-1], 2)
            landmark_feats = [*feats[:-1], landmark_feat]
            category_feats = [*feats[:-1], category_feat]
        else:
            landmark_feats = category_feats = feats
        losses = self.landmark_head.loss(landmark_feats, batch_data_samples,
                                         train_cfg)
        losses.update(
            self.category_head.loss(category_feats, batch_data_samples,
                                    train_cfg))
        return losses

    def predict(self,
                feats: Features,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> Predictions:
        """The landmark head's predictions, each garment with its
        category."""
        preds = self.landmark_head.predict(feats, batch_data_samples,
                                           test_cfg)
        instances = preds[0] if isinstance(preds, tuple) else preds
        maps = self.category_head.predict(feats, batch_data_samples,
                                          test_cfg)
        input_size = self.decoder.input_size
        self.category_head.predict_instances(maps, instances, input_size)
        return preds
