import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope
from mmpose.registry import MODELS

import mmfashion_lm  # noqa: F401
from ..sanl_inputs import packed_sanl_inputs, small_head

CLASSIFIER = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=18, out_indices=(0, 1, 2, 3)),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=4, in_channels=512))


def _model(attention=True, fine=True):
    init_default_scope('mmpose')
    model = MODELS.build(
        dict(
            type='TopdownLandmarkDetector',
            side_input=dict(type='GradCAMAttention', classifier=CLASSIFIER)
            if attention else None,
            backbone=dict(
                type='PluginResNet',
                depth=18,
                out_indices=(0, 1, 2, 3),
                plugins=[
                    dict(
                        cfg=dict(type='SpatialAwareNonLocal2d'),
                        stage=stage,
                        position='after') for stage in range(4)
                ]),
            neck=dict(
                type='FPN',
                in_channels=[64, 128, 256, 512],
                out_channels=16,
                num_outs=4),
            head=small_head(fine),
            test_cfg=dict(flip_test=True)))
    model.init_weights()
    return model


def test_loss_and_predict_under_no_grad():
    torch.manual_seed(0)
    model = _model()
    inputs, samples = packed_sanl_inputs()
    losses = model.loss(inputs, samples)
    assert set(losses) == {'loss_coarse', 'loss_fine', 'acc_pose'}
    model.eval()
    with torch.no_grad():
        results = model.predict(inputs, samples)
    keypoints = results[0].pred_instances.keypoints
    assert keypoints.shape == (1, 8, 2)
    assert np.all((keypoints >= 0) & (keypoints <= 63))


def test_whole_model_in_one_state_dict():
    keys = _model().state_dict().keys()
    assert any(k.startswith('side_input.classifier.backbone.') for k in keys)
    assert any(k.startswith('backbone.plugins.') for k in keys)
    assert any(k.startswith('head.fine_net.') for k in keys)


def test_all_invisible_sample_gives_no_gradient():
    torch.manual_seed(0)
    model = _model()
    visible = np.ones((2, 8))
    visible[0] = 0
    inputs, samples = packed_sanl_inputs(visible=visible)
    outputs = {}
    forward = model.head.forward

    def keep_outputs(feats):
        outputs['maps'] = forward(feats)
        return outputs['maps']

    model.head.forward = keep_outputs
    losses = model.loss(inputs, samples)
    coarse, fine = outputs['maps']
    assert torch.isfinite(losses['loss_coarse'])
    assert torch.isfinite(losses['loss_fine'])
    (grad_coarse, ) = torch.autograd.grad(
        losses['loss_coarse'], coarse, retain_graph=True)
    (grad_fine, ) = torch.autograd.grad(losses['loss_fine'], fine)
    assert grad_coarse[0].abs().max() == 0 and grad_fine[0].abs().max() == 0
    assert grad_coarse[1].abs().max() > 0 and grad_fine[1].abs().max() > 0


def test_base_model_without_attention():
    model = _model(attention=False, fine=False)
    inputs, samples = packed_sanl_inputs()
    assert set(model.loss(inputs, samples)) == {'loss_coarse', 'acc_pose'}


def test_side_input_needs_plugins_that_take_it():
    init_default_scope('mmpose')
    with pytest.raises(ValueError, match='model.side_input .* has no plugin'):
        MODELS.build(
            dict(
                type='TopdownLandmarkDetector',
                side_input=dict(
                    type='GradCAMAttention', classifier=CLASSIFIER),
                backbone=dict(type='PluginResNet', depth=18),
                head=small_head(False)))
