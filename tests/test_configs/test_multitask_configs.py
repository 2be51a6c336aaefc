"""The configs of configs/multitask/: every one builds its model (no
checkpoint loaded) and runs loss and predict on a random batch at its
input size (backward too for the small ones; VGG-16's at 224 x 224 takes
seconds on 2 cores); MTL configs predict landmarks, CAT configs none;
the paper-size ones keep Liu & Lu's settings (seed 002, section 2.5.3, and
the facts of their public code)."""
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.structures import InstanceData, PixelData
from mmpose.registry import MODELS
from mmpose.structures import PoseDataSample

import mmfashion_lm  # noqa: F401
from ..conftest import REPO_ROOT

CONFIGS = sorted(
    glob.glob(osp.join(REPO_ROOT, 'configs', 'multitask', '*.py')))


def _name(path):
    return osp.splitext(osp.basename(path))[0]


def _batch(cfg, model, batch_size=2):
    width, height = cfg.input_size
    head = model.head
    rng = np.random.default_rng(0)
    samples = []
    for index in range(batch_size):
        sample = PoseDataSample(
            gt_instances=InstanceData(
                bboxes=np.array([[0., 0., width, height]]),
                bbox_scores=np.ones(1)))
        if head.landmark_head is not None:
            keypoints = rng.uniform(0, 1, (1, 8, 2)) * (width, height)
            encoded = head.decoder.encode(keypoints, np.ones((1, 8)))
            sample.gt_fields = PixelData(
                heatmaps=torch.from_numpy(encoded['heatmaps']))
            sample.gt_instance_labels = InstanceData(
                keypoint_weights=torch.from_numpy(
                    encoded['keypoint_weights']))
        sample.gt_category_label = torch.tensor([index])
        sample.gt_attribute_label = torch.from_numpy(
            (rng.uniform(size=1000) < 0.01).astype(np.float32))
        sample.set_metainfo(
            dict(input_size=(width, height), flip_indices=list(range(8)),
                 input_center=np.array([width / 2, height / 2]),
                 input_scale=np.array([width, height], np.float32)))
        samples.append(sample)
    return torch.randn(batch_size, 3, height, width), samples


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_builds_and_runs(path):
    cfg = Config.fromfile(path)
    cfg.model.backbone.pop('init_cfg', None)
    init_default_scope('mmpose')
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    small = cfg.input_size[0] < 224
    inputs, samples = _batch(cfg, model, batch_size=2 if small else 1)
    losses = model.loss(inputs, samples)
    expected = {'loss_category', 'loss_attribute'}
    mtl = not osp.basename(path).startswith('cat_')
    if mtl:
        expected.add('loss_kpt')
    assert expected <= set(losses)
    if small:
        sum(v for k, v in losses.items()
            if k.startswith('loss')).backward()
    model.eval()
    with torch.no_grad():
        results = model.predict(inputs, samples)
    pred = results[0].pred_instances
    assert pred.keypoints.shape == ((1, 8, 2) if mtl else (1, 0, 2))
    assert pred.category_scores.shape == (1, 50)
    assert pred.attribute_scores.shape == (1, 1000)
    assert results[0].pred_category_score.shape == (50, )


def test_paper_settings():
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'multitask',
                 'mtl_vgg16_deepfashion-c-224x224.py'))
    assert cfg.input_size == (224, 224)
    assert cfg.optim_wrapper.optimizer == dict(type='Adam', lr=1e-4)
    assert cfg.param_scheduler[0].gamma == 0.8
    assert cfg.train_cfg.max_epochs == 20
    assert cfg.train_dataloader.batch_size == 16
    head = cfg.model.head
    assert head.landmark_head.loss.loss_weight == 10
    assert head.category_head.loss.loss_weight == 1
    assert head.attribute_head.loss == dict(
        type='AttributeCrossEntropyLoss', negative_weight=0.1,
        loss_weight=20.0)
    assert cfg.codec.radius == 8
    assert cfg.model.test_cfg.flip_test is False
