import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope
from mmpose.registry import MODELS
from mmpose.testing import get_packed_inputs
from torch import nn

import mmfashion_lm.models.backbones  # noqa: F401
from mmfashion_lm.models.heads.sigmoid_heatmap_head import \
    SigmoidHeatmapHead  # noqa: F401
from mmfashion_lm.models.layers import GCNStack
from mmfashion_lm.models.utils import ExtraLossMixin
from mmfashion_lm.models.pose_estimators.lgr_pose_estimator import \
    LGRPoseEstimator  # noqa: F401
from mmfashion_lm.structures import LayoutGraph, LayoutGraphError
from ...conftest import REPO_ROOT

DATASETS = osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo')
FULL_GRAPH = osp.join(DATASETS, 'deepfashion_full_layout_graph.py')
FULL_META = osp.join(DATASETS, 'deepfashion_full.py')
CODEC = dict(
    type='MSRAHeatmap', input_size=(64, 64), heatmap_size=(16, 16), sigma=2)


@MODELS.register_module(force=True)
class _GraphIdentity(ExtraLossMixin, nn.Module):
    """Test-only layout-graph module: the identity, with a graph and a
    weighted orthogonality loss of its own parameter."""

    def __init__(self,
                 in_channels: int,
                 layout_graph,
                 orthogonality_weight=0.,
                 **kwargs):
        super().__init__()
        self.graph = LayoutGraph.from_cfg(layout_graph)
        self.scale = nn.Parameter(torch.full((), 3.))
        self.orthogonality_weight = orthogonality_weight

    def forward(self, x):
        return x * self.scale / 3.

    def extra_losses(self):
        if not self.orthogonality_weight:
            return {}
        return {'loss_orth': self.orthogonality_weight * (self.scale - 1.)**2}


def _lgr(stack='_GraphIdentity', graph=FULL_GRAPH, **kwargs):
    cfg = dict(type=stack, layout_graph=dict(from_file=graph), **kwargs)
    if stack == 'LGRStack':
        cfg.update(num_stacks=2, node_channels=8)
    return cfg


def _cfg(out_channels=8, lgr=None, **kwargs):
    lgr = _lgr() if lgr is None else lgr
    return dict(
        type='LGRPoseEstimator',
        backbone=dict(
            type='PluginVGG',
            depth=11,
            out_indices=(4, ),
            with_last_pool=False,
            plugins=[dict(cfg=lgr, stage=4, position='before')]
            if lgr else []),
        head=dict(
            type='SigmoidHeatmapHead',
            in_channels=512,
            out_channels=out_channels,
            deconv_out_channels=(8, 8),
            deconv_kernel_sizes=(4, 4),
            decoder=CODEC),
        test_cfg=dict(flip_test=False),
        **kwargs)


def _build(*args, **kwargs):
    init_default_scope('mmpose')
    return MODELS.build(_cfg(*args, **kwargs))


def _inputs(batch_size=2):
    packed = get_packed_inputs(
        batch_size,
        num_keypoints=8,
        img_shape=(64, 64),
        input_size=(64, 64),
        heatmap_size=(16, 16),
        with_reg_label=False,
        with_simcc_label=False)
    for sample in packed['data_samples']:
        sample.set_metainfo(dict(ori_shape=(64, 64)))
    return torch.stack(packed['inputs']).float(), packed['data_samples']


def test_leaf_count_must_match_head_out_channels():
    with pytest.raises(LayoutGraphError,
                       match=r"'deepfashion_full' of model.backbone.plugins.0 has 8 "
                       r'leaves but model.head.out_channels is 6'):
        _build(out_channels=6)


def test_graph_must_match_metainfo(tmp_path):
    # the right file passes
    model = _build(metainfo=dict(from_file=FULL_META))
    assert model.layout_modules[0][0] == 'backbone.plugins.0'
    # another landmark count
    upper = osp.join(DATASETS, 'deepfashion_upper.py')
    with pytest.raises(LayoutGraphError,
                       match='8 leaves but model.metainfo .*'
                       'deepfashion_upper.py.* has 6 landmarks'):
        _build(metainfo=dict(from_file=upper))
    # the same count, another order
    names = list(LayoutGraph.from_cfg(dict(from_file=FULL_GRAPH)).leaf_names)
    names[0], names[1] = names[1], names[0]
    swapped = tmp_path / 'swapped.py'
    swapped.write_text('dataset_info = dict(dataset_name="swapped", '
                       'keypoint_info={%s}, skeleton_info={}, '
                       'joint_weights=[1.] * 8, sigmas=[])' % ', '.join(
                           f'{i}: dict(name={n!r}, id={i}, color=[0, 0, 0], '
                           "type='', swap='')" for i, n in enumerate(names)))
    with pytest.raises(LayoutGraphError,
                       match="leaf 0 is 'left collar' but landmark 0 of "
                       r'model.metainfo \(.*swapped.py\)'):
        _build(metainfo=dict(from_file=str(swapped)))


def test_needs_a_layout_graph_module():
    with pytest.raises(LayoutGraphError, match='no layout-graph module'):
        _build(lgr={})
    with pytest.raises(ValueError, match='orthogonality_weight must be >= 0'):
        _build(lgr=_lgr('LGRStack', orthogonality_weight=-1.))


def test_loss_orth_with_test_module():
    torch.manual_seed(0)
    inputs, samples = _inputs()
    assert 'loss_orth' not in _build().loss(inputs, samples)
    model = _build(lgr=_lgr(orthogonality_weight=0.5))
    losses = model.loss(inputs, samples)
    assert set(losses) == {'loss_kpt', 'acc_pose', 'loss_orth'}
    assert torch.allclose(losses['loss_orth'], torch.tensor(0.5 * 4.))
    losses['loss_orth'].backward()
    assert model.backbone.plugins[0].scale.grad == pytest.approx(0.5 * 2 * 2.)


def test_forward_loss_predict_with_lgr_stack():
    torch.manual_seed(0)
    model = _build(
        lgr=_lgr('LGRStack', orthogonality_weight=0.1),
        metainfo=dict(from_file=FULL_META))
    model.init_weights()
    stack = model.backbone.plugins[0]
    assert [name for name, _ in model.layout_modules] == ['backbone.plugins.0']
    inputs, samples = _inputs()

    losses = model.loss(inputs, samples)
    assert set(losses) == {'loss_kpt', 'acc_pose', 'loss_orth'}
    assert torch.allclose(losses['loss_orth'],
                          0.1 * stack.orthogonality_loss())
    (losses['loss_kpt'] + losses['loss_orth']).backward()
    assert all(p.grad is not None for p in stack.parameters()
               if p.requires_grad)

    model.eval()
    with torch.no_grad():
        heatmaps = model(inputs, samples, mode='tensor')
        results = model(inputs, samples, mode='predict')
    assert heatmaps.shape == (2, 8, 16, 16)
    assert heatmaps.min() > 0 and heatmaps.max() < 1
    keypoints = results[0].pred_instances.keypoints
    assert keypoints.shape == (1, 8, 2)
    assert np.all((keypoints >= 0) & (keypoints <= 63))


def test_gcn_stack_ablation_builds():
    gcn = dict(
        type='GCNStack',
        layout_graph=dict(from_file=FULL_GRAPH),
        num_layers=1,
        node_channels=8)
    model = _build(lgr=gcn)
    assert isinstance(model.backbone.plugins[0], GCNStack)
    # a plain GCN has no clustering matrices to keep orthogonal
    with pytest.raises(TypeError, match='orthogonality_weight'):
        _build(lgr=dict(gcn, orthogonality_weight=1.))


def test_a_single_lgr_layer_is_a_layout_graph_module():
    model = _build(
        lgr=dict(
            type='LayoutGraphReasoning',
            layout_graph=dict(from_file=FULL_GRAPH),
            node_channels=8,
            num_levels=1,
            orthogonality_weight=1.))
    assert [name for name, _ in model.layout_modules] == ['backbone.plugins.0']
    inputs, samples = _inputs()
    assert 'loss_orth' in model.loss(inputs, samples)
