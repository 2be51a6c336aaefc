"""mmpose's top-down estimator for garment landmarks: predictions kept
inside the image, the modules' extra losses, a side input for the
backbone's plugins."""
from typing import Optional, Tuple

import numpy as np
from mmpose.models.pose_estimators import TopdownPoseEstimator
from mmpose.registry import MODELS
from mmpose.utils.typing import (ConfigType, InstanceList, OptConfigType,
                                 PixelDataList, SampleList)
from torch import Tensor

from ..utils import collect_extra_losses


@MODELS.register_module()
class TopdownLandmarkDetector(TopdownPoseEstimator):
    """mmpose's top-down estimator for garment landmarks, whose predictions
    stay inside the image; the estimator of every top-down method of the
    package.

    A top-down model sees a crop padded around the box (and widened to the
    input aspect ratio), so a heatmap peak can fall outside the original
    image. A garment landmark is a point of the garment in the picture, so
    predictions are clipped to ``[0, width - 1] x [0, height - 1]`` of the
    original image (pixels, from the sample's ``ori_shape``); set
    ``test_cfg.clip_to_image=False`` to keep mmpose's raw output. Everything
    else is :class:`mmpose.models.TopdownPoseEstimator`'s, with two
    additions that every method shares:

    - extra losses: :meth:`loss` adds to the head's losses those of every
      module that owns one (:class:`~mmfashion_lm.models.utils.
      ExtraLossMixin`, e.g. the orthogonality penalty of LGR's
      ``LGRStack``), wherever it sits in the model;
    - side input: ``side_input`` builds a module that turns the images into
      the side input of the backbone's plugins (``backbone(inputs,
      side_input)``, :class:`~mmfashion_lm.models.backbones.StagePlugins`),
      e.g. SANL's Grad-CAM attention maps (:class:`~mmfashion_lm.models.
      layers.GradCAMAttention`). Its weights are part of the model, so one
      checkpoint holds it and ``init_model`` / ``inference_topdown`` /
      ``MMPoseInferencer`` work unchanged.

    Args:
        backbone (dict): Config of the backbone; required. With
            ``side_input``, its ``forward`` takes ``(inputs, side_input)``
            (:class:`~mmfashion_lm.models.backbones.PluginResNet`,
            :class:`~mmfashion_lm.models.backbones.PluginVGG`)
        side_input (dict, optional): Config of the module that computes the
            side input from the images; the backbone must have plugins that
            take it. Defaults to ``None`` (the backbone gets none)
        neck (dict, optional): Config of the neck. Defaults to ``None``
        head (dict, optional): Config of the head, with its ``decoder`` (the
            codec) for predictions. Defaults to ``None``
        train_cfg (dict, optional): Passed to the head's ``loss``, e.g.
            ``compute_acc``. Defaults to ``None`` (``{}``)
        test_cfg (dict, optional): Inference settings, also handed to the
            head: ``clip_to_image`` (bool, this class; default ``True``);
            mmpose's ``flip_test`` (bool, average with the horizontally
            flipped input; default ``False``) and
            ``output_keypoint_indices`` (keep only those landmarks; default
            all); and those the heatmap heads read, ``flip_mode`` (default
            ``'heatmap'``), ``shift_heatmap`` (bool, default ``False``) and
            ``output_heatmaps`` (bool, default ``False``). Defaults to
            ``None`` (``{}``)
        data_preprocessor (dict, optional): Config of the data preprocessor,
            e.g. ``PoseDataPreprocessor`` with the normalisation ``mean``
            and ``std`` (0..255 pixel units). Defaults to ``None``
        init_cfg (dict | list[dict], optional): Config to control the
            initialization. Defaults to ``None``
        metainfo (dict, optional): Dataset meta information (landmark names,
            flip pairs, skeleton), e.g. ``dict(from_file=...)``; overrides
            the metainfo of the input batch. Defaults to ``None``
    """

    def __init__(self,
                 backbone: ConfigType,
                 side_input: OptConfigType = None,
                 **kwargs):
        super().__init__(backbone, **kwargs)
        self.side_input = MODELS.build(side_input) if side_input else None
        plugins = getattr(self.backbone, 'plugins', None)
        if side_input and not getattr(plugins, 'num_side_inputs', 0):
            raise ValueError(
                f'model.side_input ({side_input["type"]}) is set but '
                f'model.backbone ({type(self.backbone).__name__}) has no '
                'plugin that takes a side input: add such plugins (e.g. '
                "SpatialAwareNonLocal2d) to model.backbone.plugins, or set "
                'model.side_input=None')

    def extract_feat(self, inputs: Tensor) -> Tuple[Tensor]:
        """The side input, then the backbone and neck features.

        Args:
            inputs (Tensor): Images in shape (B, 3, H, W)

        Returns:
            tuple[Tensor]: The neck's (or backbone's) multi-level features
        """
        if self.side_input is None:
            feats = self.backbone(inputs)
        else:
            feats = self.backbone(inputs, self.side_input(inputs))
        if self.with_neck:
            feats = self.neck(feats)
        return feats

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """The head's losses and the modules' extra losses.

        Args:
            inputs (Tensor): Images in shape (B, 3, H, W)
            data_samples (List[:obj:`PoseDataSample`]): The batch data
                samples

        Returns:
            dict: A dictionary of losses

        Raises:
            ValueError: When an extra loss has the name of a head loss
        """
        losses = super().loss(inputs, data_samples)
        extra = collect_extra_losses(self)
        clash = sorted(set(extra) & set(losses))
        if clash:
            raise ValueError(f'extra losses {clash} have the names of head '
                             'losses; rename them')
        losses.update(extra)
        return losses

    def add_pred_to_datasample(self, batch_pred_instances: InstanceList,
                               batch_pred_fields: Optional[PixelDataList],
                               batch_data_samples: SampleList) -> SampleList:
        batch_data_samples = super().add_pred_to_datasample(
            batch_pred_instances, batch_pred_fields, batch_data_samples)
        if self.test_cfg.get('clip_to_image', True):
            for data_sample in batch_data_samples:
                height, width = data_sample.metainfo['ori_shape'][:2]
                keypoints = data_sample.pred_instances.keypoints
                keypoints[..., 0] = np.clip(keypoints[..., 0], 0, width - 1)
                keypoints[..., 1] = np.clip(keypoints[..., 1], 0, height - 1)
        return batch_data_samples
