"""mmpose's top-down estimator with its predictions kept inside the
image."""
from typing import Optional

import numpy as np
from mmpose.models.pose_estimators import TopdownPoseEstimator
from mmpose.registry import MODELS
from mmpose.utils.typing import InstanceList, PixelDataList, SampleList


@MODELS.register_module()
class TopdownLandmarkDetector(TopdownPoseEstimator):
    """mmpose's top-down estimator for garment landmarks, whose predictions
    stay inside the image.

    A top-down model sees a crop padded around the box (and widened to the
    input aspect ratio), so a heatmap peak can fall outside the original
    image. A garment landmark is a point of the garment in the picture, so
    predictions are clipped to ``[0, width - 1] x [0, height - 1]`` of the
    original image (pixels, from the sample's ``ori_shape``); set
    ``test_cfg.clip_to_image=False`` to keep mmpose's raw output. Everything
    else is :class:`mmpose.models.TopdownPoseEstimator`'s.

    Args:
        backbone (dict): Config of the backbone; required
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
