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
    original image; set ``test_cfg.clip_to_image=False`` to keep mmpose's
    raw output. All other arguments are those of
    :class:`mmpose.models.TopdownPoseEstimator`.
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
