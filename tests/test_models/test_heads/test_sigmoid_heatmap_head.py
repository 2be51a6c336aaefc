import torch
from mmpose.models.heads import HeatmapHead
from mmpose.registry import MODELS
from mmpose.testing import get_packed_inputs

from mmfashion_lm.models.heads.sigmoid_heatmap_head import SigmoidHeatmapHead

NUM_KEYPOINTS = 3


def _samples(batch_size=2):
    return get_packed_inputs(
        batch_size,
        num_keypoints=NUM_KEYPOINTS,
        img_shape=(32, 32),
        input_size=(32, 32),
        heatmap_size=(8, 8),
        with_reg_label=False,
        with_simcc_label=False)['data_samples']


def test_outputs_in_unit_interval():
    torch.manual_seed(0)
    head = MODELS.build(
        dict(type='SigmoidHeatmapHead', in_channels=4,
             out_channels=NUM_KEYPOINTS))
    assert isinstance(head, HeatmapHead)
    assert isinstance(head.deconv_layers, torch.nn.Identity)  # the paper's
    feats = (torch.randn(2, 4, 8, 8) * 100, )
    with torch.no_grad():
        head.final_layer.weight.normal_()
        heatmaps = head(feats)
    assert heatmaps.shape == (2, NUM_KEYPOINTS, 8, 8)
    assert heatmaps.min() >= 0 and heatmaps.max() <= 1
    # not all saturated: strictly inside (0, 1) somewhere
    assert ((heatmaps > 0) & (heatmaps < 1)).any()


def test_deconv_layers_for_finer_heatmaps():
    head = SigmoidHeatmapHead(
        in_channels=4,
        out_channels=NUM_KEYPOINTS,
        deconv_out_channels=(4, 4),
        deconv_kernel_sizes=(4, 4))
    heatmaps = head((torch.randn(1, 4, 2, 2), ))
    assert heatmaps.shape == (1, NUM_KEYPOINTS, 8, 8)
    assert ((heatmaps > 0) & (heatmaps < 1)).all()


def test_loss_is_mse_on_sigmoid_outputs():
    torch.manual_seed(0)
    head = SigmoidHeatmapHead(in_channels=4, out_channels=NUM_KEYPOINTS)
    with torch.no_grad():
        head.final_layer.weight.normal_()
        head.final_layer.bias.normal_()
    samples = _samples()
    samples[0].gt_instance_labels.keypoint_weights[0, 1] = 0.
    feats = (torch.randn(2, 4, 8, 8), )
    losses = head.loss(feats, samples, train_cfg=dict(compute_acc=False))
    assert set(losses) == {'loss_kpt'}

    # by hand: mean over B, K, H, W of w_k * (sigmoid(conv(x)) - target)^2
    logits = torch.nn.functional.conv2d(feats[0], head.final_layer.weight,
                                        head.final_layer.bias)
    target = torch.stack([s.gt_fields.heatmaps for s in samples])
    weights = torch.cat(
        [s.gt_instance_labels.keypoint_weights for s in samples])
    expected = ((logits.sigmoid() - target)**2 *
                weights[:, :, None, None]).mean()
    assert torch.allclose(losses['loss_kpt'], expected)
    # the default loss is KeypointMSELoss with target weights
    assert type(head.loss_module).__name__ == 'KeypointMSELoss'
    assert head.loss_module.use_target_weight
