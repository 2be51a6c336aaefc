"""Data samples for running a config's landmark model in the config tests."""
from typing import List, Sequence, Tuple

import numpy as np
import torch
from mmengine.structures import InstanceData, PixelData
from mmpose.registry import KEYPOINT_CODECS
from mmpose.structures import PoseDataSample


def pose_batch(codec_cfg: dict, flip_indices: Sequence[int],
               invisible: Sequence[int],
               batch_size: int) -> Tuple[torch.Tensor, List[PoseDataSample]]:
    """Normalised random images and data samples carrying the targets of the
    codec (every ``*heatmaps`` field it encodes) for random landmarks, one per
    entry of ``flip_indices``, those at ``invisible`` not visible."""
    codec = KEYPOINT_CODECS.build(codec_cfg)
    width, height = codec_cfg['input_size']
    num_landmarks = len(flip_indices)
    rng = np.random.RandomState(0)
    samples = []
    for _ in range(batch_size):
        keypoints = rng.uniform(0.1, 0.9, (1, num_landmarks, 2)) * [
            width, height
        ]
        visible = np.ones((1, num_landmarks), np.float32)
        visible[0, list(invisible)] = 0
        encoded = codec.encode(keypoints, visible)
        sample = PoseDataSample(
            gt_instances=InstanceData(
                bboxes=np.array([[0, 0, width, height]], np.float32),
                bbox_scores=np.ones(1, np.float32)),
            gt_fields=PixelData(
                **{
                    key: torch.from_numpy(value)
                    for key, value in encoded.items()
                    if key.endswith('heatmaps')
                }),
            gt_instance_labels=InstanceData(
                keypoint_weights=torch.from_numpy(
                    encoded['keypoint_weights']).float()))
        sample.set_metainfo(
            dict(
                flip_indices=list(flip_indices),
                ori_shape=(height, width),
                img_shape=(height, width),
                input_size=(width, height),
                input_center=np.array([width / 2, height / 2]),
                input_scale=np.array([width, height], np.float32)))
        samples.append(sample)
    return torch.randn(batch_size, 3, height, width), samples
