import copy

import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.registry import MODELS
from mmpose.testing import get_packed_inputs

import mmfashion_lm  # noqa: F401
from ..conftest import BASELINE_CONFIG, requires_shared_data

pytestmark = requires_shared_data


def _model(**test_cfg):
    init_default_scope('mmpose')
    cfg = Config.fromfile(BASELINE_CONFIG)
    cfg.model.test_cfg.update(flip_test=False, **test_cfg)
    model = MODELS.build(cfg.model)
    model.eval()
    return model


def _far_off_crop_inputs():
    """One 256x256 input whose crop covers x, y in [-400, 112] of a 64x48
    (w x h) image, so most of the crop lies outside the image."""
    packed = get_packed_inputs(
        1, num_keypoints=8, img_shape=(256, 256), input_size=(256, 256),
        with_heatmap=False)
    sample = packed['data_samples'][0]
    sample.set_metainfo(
        dict(ori_shape=(48, 64), input_size=(256, 256),
             input_center=np.array([-144., -144.]),
             input_scale=np.array([512., 512.])))
    return torch.stack(packed['inputs']).float(), packed['data_samples']


def test_registered():
    assert MODELS.get('TopdownLandmarkDetector') is not None


def test_predictions_clipped_into_image():
    model = _model(clip_to_image=False)
    inputs, samples = _far_off_crop_inputs()
    with torch.no_grad():
        raw = model.predict(inputs, copy.deepcopy(samples))
        model.test_cfg['clip_to_image'] = True
        clipped = model.predict(inputs, copy.deepcopy(samples))
    raw = raw[0].pred_instances.keypoints
    clipped = clipped[0].pred_instances.keypoints
    assert clipped.shape == (1, 8, 2)
    np.testing.assert_allclose(clipped[..., 0], np.clip(raw[..., 0], 0, 63))
    np.testing.assert_allclose(clipped[..., 1], np.clip(raw[..., 1], 0, 47))
    # the crop is mostly outside the image, so clipping did something
    assert (raw < 0).any()
