"""CategoryMapHead (seed 003, section 5.2: 1x1 conv, spatial max, softmax,
cross-entropy) and LandmarkCategoryHead (with fork normalisation)."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.structures import InstanceData, PixelData
from mmpose.registry import MODELS
from mmpose.structures import PoseDataSample

import mmfashion_lm  # noqa: F401
from mmfashion_lm.models.heads import CategoryMapHead

from ...conftest import make_confident

C = 3
INPUT = 33  # stride 16: cells at pixels 0, 16, 32


def _identity_head(**kwargs):
    """A head whose maps equal its input feature (C channels)."""
    head = CategoryMapHead(in_channels=C, num_categories=C, **kwargs)
    with torch.no_grad():
        head.conv.weight.copy_(torch.eye(C)[:, :, None, None])
        head.conv.bias.zero_()
    return head


def _log_softmax(x):
    x = np.asarray(x, np.float64)
    return x - np.log(np.exp(x - x.max()).sum()) - x.max()


def test_image_loss_is_cross_entropy_of_the_spatial_maximum():
    rng = np.random.default_rng(0)
    feats = rng.normal(size=(3, C, 3, 3)).astype(np.float32)
    samples = [PoseDataSample() for _ in range(3)]
    samples[0].gt_category_label = torch.tensor([2])
    samples[2].gt_category_label = torch.tensor([0])  # sample 1: no label
    loss = _identity_head(loss_weight=0.5).loss(
        (torch.from_numpy(feats), ), samples)['loss_category']
    expected = -(_log_softmax(feats[0].reshape(C, -1).max(1))[2] +
                 _log_softmax(feats[2].reshape(C, -1).max(1))[0]) / 3
    assert loss.item() == pytest.approx(0.5 * expected, rel=1e-5)


def _two_garments(labels=(1, 2), zoom=1.0):
    """Two garments in an image framed by the input at ``zoom`` image
    pixels an input pixel (the boxes in image pixels, as a bottom-up test
    pipeline leaves them; the training pipeline gives input pixels)."""
    sample = PoseDataSample(
        metainfo=dict(
            input_size=(INPUT, INPUT),
            input_center=np.array([16.5, 16.5]) * zoom,
            input_scale=np.array([33., 33.]) * zoom))
    # edges between 11 and 16 pixels tell the grid's stride 16 from the
    # 33 / 3 = 11 of a naive one
    sample.gt_instances = InstanceData(
        bboxes=np.array([[0, 0, 14, 14], [24, 24, 33, 33]], np.float32) *
        zoom)
    sample.gt_category_label = torch.tensor(labels)
    return sample


def test_instance_loss_reads_each_garments_box():
    feats = torch.zeros(1, C, 3, 3)
    feats[0, 1, 1, 1] = 4.0  # category 1 at pixel (16, 16): in no box
    feats[0, 2, 2, 2] = 3.0  # category 2 at pixel (32, 32)
    feats[0, 0, 0, 0] = 1.0  # category 0 at pixel (0, 0)
    head = _identity_head(target='instance')
    loss = head.loss((feats, ), [_two_garments()])['loss_category']
    # garment 1 (label 1) sees cell (0, 0) only; garment 2 (label 2) cell
    # (2, 2) only
    expected = -(_log_softmax([1, 0, 0])[1] + _log_softmax([0, 0, 3])[2])
    assert loss.item() == pytest.approx(expected, rel=1e-5)
    # each annotated garment's scores at test time, read over its box
    # mapped from image pixels (here twice the input's) into the input
    sample = _two_garments(zoom=2.0)
    head.predict((feats, ), [sample])
    expected = F.softmax(torch.tensor([[1., 0., 0.], [0., 0., 3.]]), dim=1)
    torch.testing.assert_close(sample.pred_category_score, expected)
    # a garment moved out of the input teaches nothing
    outside = _two_garments()
    outside.gt_instances.bboxes[1] += 40
    loss = head.loss((feats, ), [outside])['loss_category']
    assert loss.item() == pytest.approx(-_log_softmax([1, 0, 0])[1],
                                        rel=1e-5)
    with pytest.raises(ValueError, match='gt_category_label must lie'):
        head.loss((feats, ), [_two_garments((1, 3))])
    with pytest.raises(ValueError, match='one garment'):
        _identity_head().loss((feats, ), [_two_garments()])
    with pytest.raises(ValueError, match='one a garment'):
        head.loss((feats, ), [_two_garments((1, 2, 0))])


def test_predict_scores_images_and_garments_also_under_flip():
    feats = torch.zeros(1, C, 3, 3)
    feats[0, 1, 0, 0] = 5.0  # left column: category 1
    feats[0, 2, 2, 2] = 2.0  # bottom right: category 2
    head = _identity_head(target='instance')
    sample = PoseDataSample()
    maps = head.predict((feats, ), [sample])
    expected = F.softmax(torch.tensor([0., 5., 2.]), dim=0)
    torch.testing.assert_close(sample.pred_category_score, expected)
    instances = InstanceData(
        bboxes=np.array([[0, 0, 8, 8], [20, 20, 33, 33]], np.float32))
    head.predict_instances(maps, [instances], (INPUT, INPUT))
    np.testing.assert_array_equal(instances.category_id, [2, 3])
    assert instances.category_scores.shape == (2, C)
    np.testing.assert_allclose(instances.category_scores.sum(1), 1,
                               rtol=1e-6)
    # flip test: the flipped image's maps are mirrored back, then averaged
    flipped = head.predict(((feats, ), (feats.flip(-1), )), [sample],
                           dict(flip_test=True))
    torch.testing.assert_close(flipped, feats)
    with pytest.raises(ValueError, match='target'):
        CategoryMapHead(in_channels=C, num_categories=C, target='pixel')


def _joint_head(fork, rescore=False):
    torch.manual_seed(0)
    head = MODELS.build(
        dict(
            type='LandmarkCategoryHead',
            landmark_head=dict(
                type='CompositeFieldsHead',
                in_channels=C,
                decoder=dict(
                    type='CompositeFields',
                    input_size=(INPUT, INPUT),
                    num_keypoints=2,
                    skeleton=((0, 1), ))),
            category_head=dict(
                type='CategoryMapHead', in_channels=C, num_categories=C),
            fork=fork,
            rescore=rescore))
    head.init_weights()
    return head


def _joint_samples(head):
    rng = np.random.default_rng(0)
    samples = []
    for label in (1, None):
        encoded = head.decoder.encode(
            rng.uniform(4, 28, (1, 2, 2)), np.ones((1, 2)))
        sample = PoseDataSample(metainfo=dict(flip_indices=[1, 0]))
        sample.gt_fields = PixelData(
            cif_targets=torch.as_tensor(encoded['cif_targets']),
            caf_targets=torch.as_tensor(encoded['caf_targets']))
        if label is not None:
            sample.gt_category_label = torch.tensor([label])
        samples.append(sample)
    return samples


def _feature_gradient(fork):
    head = _joint_head(fork)
    samples = _joint_samples(head)
    feature = torch.randn(
        2, C, 3, 3, generator=torch.Generator().manual_seed(1),
        requires_grad=True)
    losses = head.loss((feature, ), samples)
    sum(losses.values()).backward()
    return losses, feature.grad, head.category_head.conv.weight.grad


def test_joint_head_forks_the_gradient_of_the_shared_feature():
    plain_losses, plain, plain_category = _feature_gradient(None)
    losses, forked, category = _feature_gradient(
        dict(type='ForkNormalization', mode='power', beta=0.5))
    assert {'loss_category', 'loss_cif_confidence',
            'loss_caf_regression'} <= set(losses)
    for key in losses:
        torch.testing.assert_close(losses[key], plain_losses[key])
    # the study's three heads: sample 0 supervises CIF, CAF and category
    # (T = 3), sample 1 the two fields only (T = 2)
    torch.testing.assert_close(forked[0], plain[0] * 3**-0.5)
    torch.testing.assert_close(forked[1], plain[1] * 2**-0.5)
    torch.testing.assert_close(category, plain_category)


def test_joint_head_predicts_garments_with_categories():
    head = _joint_head(None).eval()
    samples = _joint_samples(head)
    for sample in samples:
        sample.set_metainfo(dict(input_size=(INPUT, INPUT)))
    with torch.no_grad():
        preds = head.predict((torch.randn(2, C, 3, 3), ), samples)
    for instances, sample in zip(preds, samples):
        assert instances.category_id.shape == instances.bbox_scores.shape
        assert sample.pred_category_score.shape == (C, )


def test_joint_head_rescores_garments_by_their_category():
    """Each garment's score times the probability of its category_id
    (ids from 1: offset 1), best first; the other fields follow."""
    head = _joint_head(None, rescore=True)
    garments = InstanceData(
        bbox_scores=np.array([0.9, 0.6, 0.5], np.float32),
        category_id=np.array([1, 3, 2]),
        category_scores=np.array(
            [[0.1, 0.2, 0.7], [0.2, 0.1, 0.7], [0.1, 0.8, 0.1]], np.float32),
        bboxes=np.arange(12, dtype=np.float32).reshape(3, 4))
    rescored = head._rescored(garments)
    np.testing.assert_allclose(rescored.bbox_scores, [0.42, 0.4, 0.09],
                               rtol=1e-6)
    np.testing.assert_array_equal(rescored.category_id, [3, 2, 1])
    np.testing.assert_array_equal(rescored.bboxes[:, 0], [4, 8, 0])
    assert len(head._rescored(garments[:0])) == 0
    # through predict: the plain head's garments, rescored
    plain = _joint_head(None).eval()
    for joint in (plain, head):
        make_confident(joint.landmark_head)
        joint.eval()
    samples = _joint_samples(head)
    for sample in samples:
        sample.set_metainfo(dict(input_size=(INPUT, INPUT)))
    generator = torch.Generator().manual_seed(2)
    feats = (torch.randn(2, C, 3, 3, generator=generator), )
    with torch.no_grad():
        expected = plain.predict(feats, samples)
        preds = head.predict(feats, samples)
    assert sum(len(garments) for garments in preds) > 1
    for garments, plain_garments in zip(preds, expected):
        probabilities = plain_garments.category_scores[
            np.arange(len(plain_garments)), plain_garments.category_id - 1]
        np.testing.assert_allclose(
            garments.bbox_scores,
            np.sort(plain_garments.bbox_scores * probabilities)[::-1],
            rtol=1e-6)
