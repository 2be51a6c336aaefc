"""MultiTaskGarmentHead: landmarks from the backbone's side-output
heatmaps, category and attributes from mmpretrain heads on the trunk's
features; losses against hand-built references, predictions where the
metrics and the inference call read them, CAT without landmarks."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from mmengine.structures import InstanceData, PixelData
from mmpose.registry import MODELS
from mmpose.structures import PoseDataSample

import mmfashion_lm  # noqa: F401
from mmfashion_lm.models.losses import AttributeCrossEntropyLoss

SIZE = 8  # input and heatmaps, pixels
CATEGORIES, ATTRIBUTES, LANDMARKS = 5, 6, 3


def _head(landmarks=True, pooling='flatten'):
    init_default_scope('mmpose')
    codec = dict(type='DistanceDecayHeatmap', input_size=(SIZE, SIZE),
                 heatmap_size=(SIZE, SIZE), radius=2.0)
    width = 4 * (4 if pooling == 'flatten' else 1)
    return MODELS.build(
        dict(
            type='MultiTaskGarmentHead',
            category_head=dict(
                type='StackedLinearClsHead', num_classes=CATEGORIES,
                in_channels=width, mid_channels=[8]),
            attribute_head=dict(
                type='StackedMultiLabelClsHead', num_classes=ATTRIBUTES,
                in_channels=width, mid_channels=[8],
                loss=dict(type='AttributeCrossEntropyLoss')),
            landmark_head=dict(
                type='HeatmapHead', in_channels=LANDMARKS,
                out_channels=LANDMARKS, deconv_out_channels=None,
                final_layer=None,
                loss=dict(type='KeypointMSELoss', use_target_weight=True),
                decoder=codec) if landmarks else None,
            pooling=pooling))


def _samples(head, keypoints):
    samples = []
    for index, points in enumerate(keypoints):
        sample = PoseDataSample(
            gt_instances=InstanceData(
                bboxes=np.array([[0., 0., SIZE, SIZE]]),
                bbox_scores=np.ones(1)))
        if head.landmark_head is not None:
            encoded = head.decoder.encode(points[None])
            sample.gt_fields = PixelData(
                heatmaps=torch.from_numpy(encoded['heatmaps']))
            sample.gt_instance_labels = InstanceData(
                keypoint_weights=torch.from_numpy(
                    encoded['keypoint_weights']))
        sample.gt_category_label = torch.tensor([index % CATEGORIES])
        sample.gt_attribute_label = torch.tensor(
            [1., 0., 0., 1., 0., float(index % 2)])
        sample.set_metainfo(
            dict(input_size=(SIZE, SIZE), flip_indices=[0, 2, 1],
                 input_center=np.array([SIZE / 2] * 2),
                 input_scale=np.array([SIZE] * 2, np.float32)))
        samples.append(sample)
    return samples


def _feats(batch=2):
    torch.manual_seed(0)
    return (torch.randn(batch, 4, 2, 2),
            torch.randn(batch, LANDMARKS, SIZE, SIZE))


def test_losses_match_their_references():
    head = _head()
    feats = _feats()
    keypoints = np.array([[[1., 2.], [5., 5.], [7., 0.]]] * 2)
    samples = _samples(head, keypoints)
    losses = head.loss(feats, samples)
    assert {'loss_kpt', 'loss_category', 'loss_attribute'} <= set(losses)
    vectors = (feats[0].flatten(1), )
    labels = torch.cat([s.gt_category_label for s in samples])
    torch.testing.assert_close(
        losses['loss_category'],
        F.cross_entropy(head.category_head(vectors), labels))
    targets = torch.stack([s.gt_attribute_label for s in samples])
    torch.testing.assert_close(
        losses['loss_attribute'],
        AttributeCrossEntropyLoss()(head.attribute_head(vectors), targets))
    # the heatmap loss is the MSE against the codec's targets
    expected = torch.stack([s.gt_fields.heatmaps for s in samples])
    torch.testing.assert_close(
        losses['loss_kpt'], F.mse_loss(feats[1], expected))


def test_predictions_carry_landmarks_category_and_attributes():
    head = _head(pooling='avg').eval()
    trunk, _ = _feats()
    heatmaps = torch.zeros(2, LANDMARKS, SIZE, SIZE)
    peaks = [(1, 2), (5, 5), (7, 0)]
    for k, (x, y) in enumerate(peaks):
        heatmaps[:, k, y, x] = 1.0
    samples = _samples(head, np.zeros((2, LANDMARKS, 2)))
    preds = head.predict((trunk, heatmaps), samples)
    vectors = (trunk.mean(dim=(2, 3)), )
    categories = head.category_head(vectors).softmax(-1)
    attributes = head.attribute_head(vectors).sigmoid()
    for index, (pred, sample) in enumerate(zip(preds, samples)):
        np.testing.assert_allclose(pred.keypoints[0], peaks)
        np.testing.assert_allclose(
            pred.category_scores[0], categories[index].detach(), rtol=1e-6)
        assert pred.category_scores.sum() == pytest.approx(1.0)
        np.testing.assert_allclose(
            pred.attribute_scores[0], attributes[index].detach(), rtol=1e-6)
        torch.testing.assert_close(sample.pred_category_score,
                                   categories[index].detach())
        torch.testing.assert_close(sample.pred_attribute_score,
                                   attributes[index].detach())


def test_cat_has_no_landmarks():
    head = _head(landmarks=False)
    trunk, _ = _feats()
    samples = _samples(head, np.zeros((2, LANDMARKS, 2)))
    assert set(head.loss((trunk, ), samples)) == {
        'loss_category', 'loss_attribute'
    }
    preds = head.eval().predict((trunk, ), samples)
    assert preds[0].keypoints.shape == (1, 0, 2)
    assert preds[0].category_scores.shape == (1, CATEGORIES)


def test_landmarks_need_the_attention_side_output():
    head = _head()
    trunk, _ = _feats()
    with pytest.raises(ValueError, match='LandmarkDrivenAttention'):
        head.loss((trunk, ), _samples(head, np.zeros((2, LANDMARKS, 2))))


def test_unknown_pooling():
    with pytest.raises(ValueError, match='pooling'):
        _head(pooling='max')
