import math

import numpy as np
import pytest
import torch
from mmengine.structures import InstanceData, PixelData
from mmpose.registry import MODELS
from mmpose.structures import PoseDataSample

import mmfashion_lm  # noqa: F401
import mmfashion_lm.codecs.composite_fields  # noqa: F401  (registers it)
from mmfashion_lm.models.heads import CompositeFieldsHead

K, SKELETON, FLIP = 3, ((0, 1), (1, 2)), [2, 1, 0]
L = len(SKELETON)


def _head(input_size=(33, 33), in_channels=8, **kwargs):
    head = MODELS.build(
        dict(
            type='CompositeFieldsHead',
            in_channels=in_channels,
            decoder=dict(
                type='CompositeFields',
                input_size=input_size,
                num_keypoints=K,
                skeleton=SKELETON),
            **kwargs))
    head.init_weights()
    return head


def _feats(batch_size, input_size=33, channels=8):
    # the stride-16 map of a ResNet on an input of 16 n + 1 pixels
    side = (input_size - 1) // 16 + 1
    return (torch.randn(batch_size, channels, side, side), )


def _samples(cif_targets, caf_targets):
    samples = []
    for cif, caf in zip(cif_targets, caf_targets):
        sample = PoseDataSample(metainfo=dict(flip_indices=FLIP))
        sample.gt_fields = PixelData(
            cif_targets=torch.as_tensor(cif), caf_targets=torch.as_tensor(caf))
        samples.append(sample)
    return samples


def _garments(rng, num, size=65):
    """``num`` garments of K landmarks in a (size x size) input."""
    centres = rng.uniform(16, size - 17, (num, 1, 2))
    return centres + rng.uniform(-12, 12, (num, K, 2))


def test_shapes_and_initial_confidence():
    head = _head()
    assert isinstance(head, CompositeFieldsHead)
    assert head.num_keypoints == K and head.num_links == L
    assert head.field_size == (5, 5)
    cif, caf = head(_feats(2))
    # a 3 x 3 stride-16 map, shuffled to 6 x 6, cropped to the 5 x 5 grid
    assert cif.shape == (2, K, 5, 5, 5)
    assert caf.shape == (2, L, 9, 5, 5)
    # every confidence starts near the prior 0.05
    for conf in (cif[:, :, 0], caf[:, :, 0]):
        assert torch.allclose(conf.sigmoid().mean(), torch.tensor(0.05),
                              atol=0.01)
    assert cif[:, :, 1:].abs().max() < 0.5


def test_rejects_small_maps_and_wrong_counts():
    with pytest.raises(AssertionError):
        _head()((torch.randn(1, 8, 2, 2), ))  # 4 x 4 < 5 x 5
    with pytest.raises(AssertionError):
        _head()((torch.randn(1, 8, 4, 4), ))  # 8 x 8: a larger input
    with pytest.raises(ValueError):
        _head(num_links=3)
    with pytest.raises(ValueError):
        _head(num_keypoints=4)


def _nan(*shape):
    return np.full(shape, np.nan, np.float32)


def test_loss_equals_hand_built_reference():
    """Batch of 2 on a 5 x 5 grid; few finite targets, in sample 0 only."""
    torch.manual_seed(0)
    head = _head()
    cif = torch.randn(2, K, 5, 5, 5)
    caf = torch.randn(2, L, 9, 5, 5)
    head.forward = lambda feats: (cif, caf)

    cif_t, caf_t = _nan(2, K, 4, 5, 5), _nan(2, L, 7, 5, 5)
    # CIF landmark 0: a positive at (y, x) = (0, 0) with vector and scale 3,
    # a negative at (1, 1); landmark 2: a positive at (4, 3) without scale
    cif_t[0, 0, :, 0, 0] = [1., 0.5, -0.25, 3.]
    cif_t[0, 0, 0, 1, 1] = 0.
    cif_t[0, 2, :3, 4, 3] = [1., -1., 1.]
    # CAF link 1: a positive at (2, 3), scale only at its second end
    caf_t[0, 1, :, 2, 3] = [1., 1., 0., -1., 0.5, np.nan, 1.5]
    losses = head.loss(None, _samples(cif_t.reshape(2, -1, 5, 5),
                                      caf_t.reshape(2, -1, 5, 5)))
    assert set(losses) == {
        'loss_cif_confidence', 'loss_cif_regression', 'loss_cif_scale',
        'loss_caf_confidence', 'loss_caf_regression', 'loss_caf_scale'
    }

    def p(t, *index):
        return t[(0, ) + index].item()

    def bce(x, t):
        s = 1 / (1 + math.exp(-x))
        return -(t * math.log(s) + (1 - t) * math.log(1 - s))

    def laplace(dx, dy, log_b, norm):
        log_b = 3 * math.tanh(log_b / 3)
        return math.hypot(dx, dy) / norm / math.exp(log_b) + math.log(
            2 * math.exp(log_b))

    def softplus(x):
        return math.log1p(math.exp(x))

    B = 2
    expected = dict(
        loss_cif_confidence=(bce(p(cif, 0, 0, 0, 0), 1.) +
                             bce(p(cif, 0, 0, 1, 1), 0.) +
                             bce(p(cif, 2, 0, 4, 3), 1.)) / B,
        # norm: half the scale target (3 -> 1.5); no scale target -> 1
        loss_cif_regression=(laplace(p(cif, 0, 1, 0, 0) - 0.5,
                                     p(cif, 0, 2, 0, 0) + 0.25,
                                     p(cif, 0, 3, 0, 0), 1.5) +
                             laplace(p(cif, 2, 1, 4, 3) + 1.,
                                     p(cif, 2, 2, 4, 3) - 1.,
                                     p(cif, 2, 3, 4, 3), 1.)) / B,
        loss_cif_scale=abs(softplus(p(cif, 0, 4, 0, 0)) - 3.) / (0.1 + 3.) /
        B,
        loss_caf_confidence=bce(p(caf, 1, 0, 2, 3), 1.) / B,
        # end 1: vector (1, 0), log b1, no scale; end 2: (-1, 0.5), log b2,
        # norm 1.5 / 2 = 0.75 raised to min_regression_norm, 1
        loss_caf_regression=(laplace(p(caf, 1, 1, 2, 3) - 1.,
                                     p(caf, 1, 2, 2, 3) - 0.,
                                     p(caf, 1, 5, 2, 3), 1.) +
                             laplace(p(caf, 1, 3, 2, 3) + 1.,
                                     p(caf, 1, 4, 2, 3) - 0.5,
                                     p(caf, 1, 6, 2, 3), 1.)) / B,
        loss_caf_scale=abs(softplus(p(caf, 1, 8, 2, 3)) - 1.5) / (0.1 + 1.5) /
        B)
    for key, value in expected.items():
        assert losses[key].item() == pytest.approx(value, rel=1e-5), key


def test_ignored_cells_contribute_nothing():
    codec_head = _head(input_size=(65, 65))
    rng = np.random.default_rng(0)
    mask = np.ones((65, 65), bool)
    mask[:, 40:] = False  # an unlabelled region: ignored confidences
    targets = [
        codec_head.decoder.encode(
            _garments(rng, 2), np.ones((2, K)), heatmap_mask=mask)
        for _ in range(2)
    ]
    cif_t = np.stack([t['cif_targets'] for t in targets])
    caf_t = np.stack([t['caf_targets'] for t in targets])
    assert np.isnan(cif_t[:, 0::4]).any() and (cif_t[:, 0::4] == 0).any()
    samples = _samples(cif_t, caf_t)

    torch.manual_seed(0)
    cif = torch.randn(2, K, 5, 9, 9)
    caf = torch.randn(2, L, 9, 9, 9)
    codec_head.forward = lambda feats: (cif, caf)
    reference = codec_head.loss(None, samples)

    # anything at the cells without targets: NaN, inf, large values
    cif_t5 = torch.from_numpy(cif_t).reshape(2, K, 4, 9, 9)
    caf_t5 = torch.from_numpy(caf_t).reshape(2, L, 7, 9, 9)
    cif_free = torch.zeros_like(cif, dtype=torch.bool)
    cif_free[:, :, 0] = cif_t5[:, :, 0].isnan()
    cif_free[:, :, 1:3] = cif_t5[:, :, 1:3].isnan()
    cif_free[:, :, 3] = cif_t5[:, :, 1].isnan()  # log b: no vector target
    cif_free[:, :, 4] = cif_t5[:, :, 3].isnan()  # scale
    caf_free = torch.zeros_like(caf, dtype=torch.bool)
    caf_free[:, :, :5] = caf_t5[:, :, :5].isnan()
    caf_free[:, :, 5] = caf_t5[:, :, 1].isnan()
    caf_free[:, :, 6] = caf_t5[:, :, 3].isnan()
    caf_free[:, :, 7:] = caf_t5[:, :, 5:].isnan()
    assert cif_free.any() and caf_free.any()

    noisy_cif = cif.clone().masked_fill(cif_free, float('nan'))
    noisy_caf = caf.clone().masked_fill(caf_free, float('inf'))
    noisy_cif.requires_grad_(True)
    noisy_caf.requires_grad_(True)
    codec_head.forward = lambda feats: (noisy_cif, noisy_caf)
    losses = codec_head.loss(None, samples)
    for key, value in reference.items():
        torch.testing.assert_close(losses[key], value, msg=key)
    sum(losses.values()).backward()
    assert torch.equal(noisy_cif.grad[cif_free], torch.zeros(
        int(cif_free.sum())))
    assert torch.equal(noisy_caf.grad[caf_free], torch.zeros(
        int(caf_free.sum())))
    assert noisy_cif.grad[~cif_free].abs().sum() > 0


def test_loss_falls_with_codec_targets():
    torch.manual_seed(0)
    rng = np.random.default_rng(1)
    head = _head(input_size=(65, 65), in_channels=16)
    targets = [
        head.decoder.encode(_garments(rng, n), np.ones((n, K)))
        for n in (1, 2)
    ]
    samples = _samples([t['cif_targets'] for t in targets],
                       [t['caf_targets'] for t in targets])
    feats = _feats(2, input_size=65, channels=16)
    optimizer = torch.optim.Adam(head.parameters(), lr=1e-2)
    history = []
    for _ in range(30):
        losses = head.loss(feats, samples)
        total = sum(losses.values())
        history.append({k: v.item() for k, v in losses.items()})
        optimizer.zero_grad()
        total.backward()
        optimizer.step()
    first, last = sum(history[0].values()), sum(history[-1].values())
    assert all(np.isfinite(v) for v in history[-1].values())
    assert last < first - 0.5 * abs(first), (first, last)
    for key in ('loss_cif_confidence', 'loss_caf_confidence',
                'loss_cif_regression', 'loss_caf_regression'):
        assert history[-1][key] < history[0][key], key


def _check_instances(instances, num_instances=None):
    assert isinstance(instances, InstanceData)
    m = len(instances.bbox_scores)
    if num_instances is not None:
        assert m == num_instances
    assert instances.keypoints.shape == (m, K, 2)
    assert instances.keypoint_scores.shape == (m, K)
    assert instances.bboxes.shape == (m, 4)
    assert instances.bbox_scores.shape == (m, )


def test_predict_shapes_with_and_without_flip():
    torch.manual_seed(0)
    head = _head().eval()
    samples = _samples(np.zeros((2, 4 * K, 5, 5)), np.zeros((2, 7 * L, 5,
                                                              5)))
    with torch.no_grad():
        preds = head.predict(_feats(2), samples)
        flipped = head.predict([_feats(2), _feats(2)], samples,
                               dict(flip_test=True))
        _, fields = head.predict(_feats(2), samples,
                                 dict(output_heatmaps=True))
    assert len(preds) == len(flipped) == 2
    for instances in (*preds, *flipped):
        _check_instances(instances)
    assert fields[0].heatmaps.shape == (K, 5, 5)


def _raw_fields(head, targets):
    """Raw fields that decode to the encoded targets: confidence logits
    +-10, the target vectors, log b = 0, scale = softplus^-1(target)."""
    cif_t = torch.from_numpy(targets['cif_targets']).reshape(K, 4, 9, 9)
    caf_t = torch.from_numpy(targets['caf_targets']).reshape(L, 7, 9, 9)

    def inverse_softplus(s):
        s = torch.nan_to_num(s, nan=1.).clamp(min=1e-3)
        return s + torch.log(-torch.expm1(-s))

    cif = torch.zeros(K, 5, 9, 9)
    cif[:, 0] = torch.where(cif_t[:, 0] == 1, 10., -10.)
    cif[:, 1:3] = torch.nan_to_num(cif_t[:, 1:3])
    cif[:, 4] = inverse_softplus(cif_t[:, 3])
    caf = torch.zeros(L, 9, 9, 9)
    caf[:, 0] = torch.where(caf_t[:, 0] == 1, 10., -10.)
    caf[:, 1:5] = torch.nan_to_num(caf_t[:, 1:5])
    caf[:, 7:] = inverse_softplus(caf_t[:, 5:])
    return cif, caf


def test_predict_decodes_perfect_fields_also_under_flip():
    """Fields equal to the encoded targets decode to the garment; the flip
    test averages them with the flipped input's fields mapped back."""
    head = _head(input_size=(65, 65)).eval()
    # not symmetric: its mirror image differs, so a missed flip-back shows
    keypoints = np.array([[[12., 16.], [30., 40.], [50., 24.]]])
    targets = head.decoder.encode(keypoints, np.ones((1, K)))
    cif, caf = _raw_fields(head, targets)
    # the fields of the mirrored input (landmarks 0 and 2 swap)
    cif_flip, caf_flip = head.decoder.flip_fields(cif.numpy(), caf.numpy(),
                                                  FLIP)
    feats, feats_flip = _feats(1, 65), _feats(1, 65)
    outputs = {
        id(feats): (cif[None], caf[None]),
        id(feats_flip): (torch.from_numpy(cif_flip)[None],
                         torch.from_numpy(caf_flip)[None])
    }
    head.forward = lambda f: outputs[id(f)]
    samples = _samples(targets['cif_targets'][None],
                       targets['caf_targets'][None])
    for test_cfg, feat in ((dict(), feats),
                           (dict(flip_test=True), [feats, feats_flip])):
        preds = head.predict(feat, samples, test_cfg)
        _check_instances(preds[0], num_instances=1)
        np.testing.assert_allclose(preds[0].keypoints[0], keypoints[0],
                                   atol=0.5)
        assert (preds[0].keypoint_scores > 0.5).all()


def test_predict_clips_keypoints_into_the_image():
    """With mmpose's bottom-up metainfo, keypoints stay on the image inside
    the padded input."""
    head = _head(input_size=(65, 65)).eval()
    keypoints = np.array([[[8., 16.], [32., 32.], [56., 16.]]])
    targets = head.decoder.encode(keypoints, np.ones((1, K)))
    cif, caf = _raw_fields(head, targets)
    head.forward = lambda f: (cif[None], caf[None])
    samples = _samples(targets['cif_targets'][None],
                       targets['caf_targets'][None])
    # a 32 x 64 (w x h) image centred in the 65 x 65 input: image x in
    # [0, 31] is input x in [(0 - 16 + 32) / 64 * 65, (31 - 16 + 32) / 64 *
    # 65] = [16.25, 47.73]
    samples[0].set_metainfo(
        dict(
            ori_shape=(64, 32),
            input_size=(65, 65),
            input_center=np.array([16., 32.]),
            input_scale=np.array([64., 64.])))
    preds = head.predict(_feats(1, 65), samples)
    _check_instances(preds[0], num_instances=1)
    xs = preds[0].keypoints[0, :, 0]
    np.testing.assert_allclose(xs, [16.25, 32., 47 / 64 * 65], atol=0.5)


def test_model_trains_on_a_few_synthetic_images():
    """A small bottom-up model (a narrow ResNet-18 at stride 16 and this
    head) on two synthetic multi-garment images and their codec targets: 20
    Adam steps lower the loss by half."""
    from mmfashion_lm.datasets.synthetic.annotation import Visibility
    from mmfashion_lm.datasets.synthetic.deepfashion2_layout import \
        DeepFashion2Layout

    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='BottomupPoseEstimator',
            backbone=dict(
                type='ResNet', depth=18, strides=(1, 2, 2, 1),
                stem_channels=16, base_channels=16, out_indices=(3, )),
            head=dict(
                type='CompositeFieldsHead',
                in_channels=128,
                decoder=dict(
                    type='CompositeFields',
                    input_size=(65, 65),
                    num_keypoints=8,
                    skeleton='deepfashion_full_B'))))
    codec = model.head.decoder
    images, samples = [], []
    for index in (1, 2):
        scene = DeepFashion2Layout.render(0, (64, 64), index)
        keypoints = np.nan_to_num(np.stack([g.fld for g in scene.garments]))
        labelled = np.stack([
            g.fld_visibility <= Visibility.OCCLUDED for g in scene.garments
        ])
        encoded = codec.encode(keypoints, labelled)
        sample = PoseDataSample(
            gt_fields=PixelData(
                **{k: torch.from_numpy(v)
                   for k, v in encoded.items()}))
        samples.append(sample)
        image = np.zeros((65, 65, 3), np.float32)
        image[:64, :64] = scene.image
        images.append(torch.from_numpy(image).permute(2, 0, 1) / 255 - 0.5)
    inputs = torch.stack(images)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    losses = []
    for _ in range(20):
        loss = sum(model.loss(inputs, samples).values())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    assert losses[-1] < 0.5 * losses[0], losses
