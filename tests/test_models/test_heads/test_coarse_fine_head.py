import copy

import numpy as np
import pytest
import torch
from mmpose.registry import MODELS

import mmfashion_lm  # noqa: F401
from ..sanl_inputs import packed_sanl_inputs, small_head


def _head(fine=True):
    head = MODELS.build(small_head(fine))
    head.init_weights()
    return head


def _feats(batch_size=2):
    # FPN levels of a 64x64 input: strides 4, 8, 16, 32
    return [torch.randn(batch_size, 16, 16 // 2**i, 16 // 2**i)
            for i in range(4)]


def test_forward_shapes_and_initial_prior():
    coarse, fine = _head()(_feats())
    assert coarse.shape == fine.shape == (2, 8, 16, 16)
    # FineNet starts as the identity; the heatmaps start near the 0.01 prior
    assert torch.allclose(coarse, fine)
    assert torch.allclose(coarse.sigmoid().mean(), torch.tensor(0.01),
                          atol=5e-3)
    assert _head(fine=False)(_feats()).shape == (2, 8, 16, 16)


def test_loss_has_both_terms_and_trains():
    torch.manual_seed(0)
    head = _head()
    feats = [f.requires_grad_() for f in _feats()]
    _, samples = packed_sanl_inputs()
    losses = head.loss(feats, samples)
    assert set(losses) == {'loss_coarse', 'loss_fine', 'acc_pose'}
    optimizer = torch.optim.Adam(head.parameters(), lr=1e-2)
    first = None
    for _ in range(20):
        losses = head.loss(feats, samples)
        total = losses['loss_coarse'] + losses['loss_fine']
        first = first if first is not None else total.item()
        optimizer.zero_grad()
        total.backward()
        optimizer.step()
    assert total.item() < 0.5 * first
    # every parameter of both nets is trained
    assert all(p.grad is not None for p in head.parameters())


def test_coarse_only_loss():
    _, samples = packed_sanl_inputs()
    losses = _head(fine=False).loss(_feats(), samples)
    assert set(losses) == {'loss_coarse', 'acc_pose'}


def test_predict_with_flip_inside_input():
    head = _head().eval()
    _, samples = packed_sanl_inputs()
    with torch.no_grad():
        preds = head.predict(_feats(), samples)
        flipped = head.predict([_feats(), _feats()], samples,
                               dict(flip_test=True))
        preds_hm, fields = head.predict(_feats(), samples,
                                        dict(output_heatmaps=True))
    assert len(preds) == 2 and preds[0].keypoints.shape == (1, 8, 2)
    for instances in (*preds, *flipped):
        assert np.all(instances.keypoints >= 0)
        assert np.all(instances.keypoints <= 63)
    assert fields[0].heatmaps.shape == (8, 16, 16)
    assert fields[0].heatmaps.min() >= 0 and fields[0].heatmaps.max() <= 1


def test_decoded_peak_follows_the_heatmap():
    head = _head().eval()
    _, samples = packed_sanl_inputs(batch_size=1)
    target = samples[0].gt_fields.fine_heatmaps
    logits = torch.logit(target.clamp(1e-4, 1 - 1e-4))[None]
    preds = head.decode(logits.sigmoid())
    encoded = copy.deepcopy(preds[0].keypoints)
    # decoding the target itself gives back the encoded landmarks
    codec = head.decoder
    expected, _ = codec.decode(target.numpy())
    np.testing.assert_allclose(encoded, expected, atol=1e-4)


def test_bad_fine_net_config():
    with pytest.raises(KeyError):
        MODELS.build(
            dict(type='CoarseFineHead', in_channels=4, out_channels=2,
                 fine_net=dict(type='NoSuchNet')))
