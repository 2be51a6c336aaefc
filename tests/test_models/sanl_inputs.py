"""Small packed inputs with coarse and fine heatmap targets, for the SANL
head and estimator tests."""
import numpy as np
import torch
from mmengine.structures import InstanceData, PixelData
from mmpose.registry import KEYPOINT_CODECS
from mmpose.testing import get_packed_inputs

CODEC = dict(
    type='CoarseFineHeatmap',
    input_size=(64, 64),
    heatmap_size=(16, 16),
    coarse_sigma=2.,
    fine_sigma=1.)


def small_head(fine=True):
    """Config of a small CoarseFineHead on 16-channel FPN levels."""
    return dict(
        type='CoarseFineHead',
        in_channels=16,
        out_channels=8,
        level_channels=8,
        aspp_channels=16,
        aspp_dilations=(1, 2),
        fine_net=dict(type='FineNet', mid_channels=8, num_levels=2)
        if fine else None,
        decoder=CODEC)


def packed_sanl_inputs(batch_size=2, num_keypoints=8, visible=None):
    """Images (B, 3, 64, 64) and data samples with both targets.

    Args:
        visible (np.ndarray, optional): (B, K) visibility; all visible by
            default.
    """
    codec = KEYPOINT_CODECS.build(CODEC)
    packed = get_packed_inputs(
        batch_size,
        num_keypoints=num_keypoints,
        img_shape=(64, 64),
        input_size=(64, 64),
        heatmap_size=(16, 16),
        with_heatmap=False,
        with_reg_label=False,
        with_simcc_label=False)
    rng = np.random.RandomState(0)
    for i, sample in enumerate(packed['data_samples']):
        keypoints = rng.uniform(8, 56, (1, num_keypoints, 2))
        vis = np.ones((1, num_keypoints)) if visible is None \
            else visible[i][None]
        encoded = codec.encode(keypoints, vis)
        sample.gt_fields = PixelData(
            heatmaps=torch.from_numpy(encoded['heatmaps']),
            fine_heatmaps=torch.from_numpy(encoded['fine_heatmaps']))
        sample.gt_instance_labels = InstanceData(
            keypoint_weights=torch.from_numpy(
                encoded['keypoint_weights']).float())
        sample.set_metainfo(
            dict(flip_indices=list(range(num_keypoints)),
                 ori_shape=(64, 64), input_center=np.array([32., 32.]),
                 input_scale=np.array([64., 64.]), input_size=(64, 64)))
    inputs = torch.stack(packed['inputs']).float()
    return inputs, packed['data_samples']
