import pytest
import torch
from mmengine.registry import init_default_scope
from mmpose.registry import MODELS
from mmpose.testing import get_packed_inputs
from torch import nn

import mmfashion_lm  # noqa: F401
from mmfashion_lm.models.utils import ExtraLossMixin, collect_extra_losses


@MODELS.register_module(force=True)
class _Penalised(ExtraLossMixin, nn.Module):
    """Test-only plugin: the identity, with a penalty of its own parameter
    under a configurable name."""

    def __init__(self, in_channels, name='loss_pen', weight=1.):
        super().__init__()
        self.in_channels = in_channels
        self.value = nn.Parameter(torch.tensor(2.))
        self.name, self.weight = name, weight

    def forward(self, x):
        return x

    def extra_losses(self):
        return {self.name: self.weight * self.value**2} if self.weight else {}


def test_collector_sums_losses_of_the_same_name():
    model = nn.Sequential(
        _Penalised(1), nn.Sequential(_Penalised(1, weight=0.5)),
        _Penalised(1, name='loss_other', weight=0.), nn.ReLU())
    losses = collect_extra_losses(model)
    # 1 * 2^2 + 0.5 * 2^2; the zero-weight module adds nothing
    assert set(losses) == {'loss_pen'}
    assert losses['loss_pen'].item() == pytest.approx(6.)


def _detector(name):
    init_default_scope('mmpose')
    return MODELS.build(
        dict(
            type='TopdownLandmarkDetector',
            backbone=dict(
                type='PluginResNet',
                depth=18,
                plugins=[
                    dict(
                        cfg=dict(type='_Penalised', name=name, weight=0.25),
                        stage=3,
                        position='after')
                ]),
            head=dict(
                type='HeatmapHead',
                in_channels=512,
                out_channels=4,
                deconv_out_channels=None,
                loss=dict(type='KeypointMSELoss', use_target_weight=True),
                decoder=dict(
                    type='MSRAHeatmap',
                    input_size=(64, 64),
                    heatmap_size=(2, 2),
                    sigma=1))))


def _inputs():
    packed = get_packed_inputs(
        2, num_keypoints=4, img_shape=(64, 64), input_size=(64, 64),
        heatmap_size=(2, 2), with_reg_label=False, with_simcc_label=False)
    return torch.stack(packed['inputs']).float(), packed['data_samples']


def test_estimator_adds_the_extra_losses_to_the_heads():
    model = _detector('loss_pen')
    losses = model.loss(*_inputs())
    assert set(losses) == {'loss_kpt', 'acc_pose', 'loss_pen'}
    assert losses['loss_pen'].item() == pytest.approx(0.25 * 4.)
    losses['loss_pen'].backward()
    assert model.backbone.plugins[0].value.grad.item() == pytest.approx(
        0.25 * 2 * 2.)


def test_extra_loss_named_like_a_head_loss_is_refused():
    with pytest.raises(ValueError, match=r"\['loss_kpt'\] have the names"):
        _detector('loss_kpt').loss(*_inputs())
