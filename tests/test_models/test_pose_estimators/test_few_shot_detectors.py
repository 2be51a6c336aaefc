"""Few-shot landmark detectors on tiny synthetic episodes: each MetaCloth
stage trains its own network alone and lowers its loss, the meta-test
adapts without changing the model, the baselines adapt, predictions come
back per query item in image coordinates."""
from collections import Counter

import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS, MODELS

import mmfashion_lm  # noqa: F401
from mmfashion_lm.datasets import EpisodicDataset
from mmfashion_lm.datasets.episodic_dataset import episode_collate
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORY_BY_ID
from mmfashion_lm.models.pose_estimators import FewShotLandmarkDetector
from ...conftest import deepfashion2_items

SIZE, HEATMAP = (64, 64), (8, 8)
FENET = dict(
    type='FeatureExtractionNet',
    # an eighth of ResNet-18's width: second-order steps cost with the
    # parameter count
    backbone=dict(type='ResNet', depth=18, stem_channels=8,
                  base_channels=8),
    neck=dict(type='ConvDeconvNeck', in_channels=64, out_channels=16,
              num_convs=1))
CODEC = dict(type='MSRAHeatmap', input_size=SIZE, heatmap_size=HEATMAP,
             sigma=1)
PREPROCESSOR = dict(type='EpisodeDataPreprocessor', mean=[128.] * 3,
                    std=[64.] * 3)


@pytest.fixture(scope='module')
def episodes(tiny_deepfashion2):
    """The two most common categories and two raw episode batches."""
    init_default_scope('mmpose')
    items = DATASETS.build(
        deepfashion2_items(tiny_deepfashion2, SIZE, HEATMAP))
    counts = Counter(
        int(items.get_data_info(i)['category_id']) for i in range(len(items)))
    categories = tuple(c for c, _ in counts.most_common(2))
    dataset = EpisodicDataset(
        items, shots=2, num_queries=2, num_episodes=2, categories=categories)
    return categories, [episode_collate([dataset[i]]) for i in range(2)]


def metacloth_config(stage, seen, **kwargs):
    """A tiny MetaCloth: the eighth-width FENet, 16-channel detectors."""
    return dict(
        type='MetaCloth',
        stage=stage,
        fenet=FENET,
        ppnet=dict(type='ParameterPredictionNet', channels=16,
                   hidden_channels=16),
        codec=CODEC,
        seen_categories=seen,
        adaptation=dict(steps=2, lr=1.0),
        data_preprocessor=PREPROCESSOR,
        **kwargs)


def metacloth(stage, seen, **kwargs):
    init_default_scope('mmpose')
    torch.manual_seed(0)
    return MODELS.build(metacloth_config(stage, seen, **kwargs))


def snapshot(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def changed_parts(before, after):
    return {k.split('.')[0] for k in before if not torch.equal(before[k],
                                                              after[k])}


@pytest.mark.parametrize('stage, trained', [('ppnet', 'ppnet'),
                                            ('meta_fenet', 'fenet')])
def test_a_stage_trains_its_network_alone_and_lowers_the_loss(
        episodes, stage, trained):
    categories, batches = episodes
    model = metacloth(stage, categories)
    before = snapshot(model)
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), lr=1e-3))
    losses = [
        float(model.train_step(batches[0], optim)['loss_query'])
        for _ in range(4)
    ]
    assert losses[-1] < losses[0]
    # the frozen FENet's BatchNorm statistics stay (norm_eval), and only
    # the stage's network moves: PPNet (Algorithm 3) or theta (Algorithm 1)
    assert changed_parts(before, snapshot(model)) == {trained}


def test_meta_test_adapts_and_leaves_the_model_as_it_was(episodes):
    categories, batches = episodes
    model = metacloth('meta_fenet', categories).eval()
    before = snapshot(model)
    with torch.no_grad():  # as mmengine's test loops call it
        samples = model.test_step(batches[1])
    assert changed_parts(before, snapshot(model)) == set()
    category = batches[1]['episodes'][0]['category']
    num_landmarks = CATEGORY_BY_ID[category]['num_landmarks']
    assert len(samples) == 2
    for sample in samples:
        assert sample.pred_instances.keypoints.shape == (1, num_landmarks, 2)
        assert np.isfinite(sample.pred_instances.keypoints).all()
        assert (sample.episode_index, sample.shots, sample.category_id) == \
            (1, 2, category)
    # the inner steps lower the support loss (Algorithm 2, line 5)
    support = model.data_preprocessor(batches[1])['episodes'][0]['support']
    adapted = model.adapt(support)(support['inputs'])
    model.adaptation['steps'] = 0
    unadapted = model.adapt(support)(support['inputs'])
    assert model.heatmap_loss(adapted, support) < model.heatmap_loss(
        unadapted, support)


def test_meta_training_label_maps_come_from_the_base_detectors(episodes):
    categories, batches = episodes
    model = metacloth('ppnet', categories[:1])
    data = model.data_preprocessor(batches[0])['episodes'][0]
    assert data['category'] == categories[0]
    support = data['support']
    features = model.base_fenet(support['inputs'])
    maps, weights = model.train_maps(categories[0], features, support)
    num_landmarks = CATEGORY_BY_ID[categories[0]]['num_landmarks']
    assert maps.shape == (2, num_landmarks, *HEATMAP)
    assert (maps >= 0).all()
    # a distribution where the base model sees the landmark; where it sees
    # nothing (no positive value), the landmark weighs nothing
    sums = maps.sum((2, 3))
    assert weights.any()
    assert torch.allclose(sums[weights > 0], torch.ones(1))
    assert (sums[weights == 0] == 0).all()
    other = model.data_preprocessor(batches[1])
    with pytest.raises(ValueError, match='not one of the base model'):
        model(**other, mode='loss')
    model.train_label_maps = 'ground_truth'
    assert torch.isfinite(model(**other, mode='loss')['loss_query'])


def test_the_base_model_checkpoint_is_read_or_asked_for(tmp_path):
    # a base model M over categories 1 and 2 (25 + 33 landmarks)
    fenet = {
        key: value + 1 if value.is_floating_point() else value
        for key, value in metacloth('ppnet', (1, 2)).base_fenet.state_dict(
        ).items()
    }
    detectors = torch.randn(58, 16, 1, 1)
    path = str(tmp_path / 'base.pth')
    torch.save(dict(state_dict={
        **fenet, 'head.final_layer.weight': detectors,
        'head.final_layer.bias': torch.zeros(58)
    }), path)
    model = metacloth('meta_fenet', (1, 2), base_checkpoint=path)
    model.init_weights()
    for net in (model.base_fenet, model.fenet):
        for key, value in net.state_dict().items():
            assert torch.equal(value, fenet[key]), key
    assert torch.equal(model.base_detectors.weight, detectors)
    assert model.base_slices == {1: slice(0, 25), 2: slice(25, 58)}
    model.base_checkpoint = str(tmp_path / 'missing.pth')
    with pytest.raises(FileNotFoundError, match='train the base model'):
        model.init_weights()


def test_label_maps_are_one_hot_at_the_target_peaks():
    heatmaps = torch.zeros(1, 2, 3, 3)
    heatmaps[0, 0, 2, 1] = 1.
    heatmaps[0, 0, 2, 2] = .5
    heatmaps[0, 1, 0, 0] = 1.
    maps = FewShotLandmarkDetector.label_maps(heatmaps,
                                              torch.tensor([[1., 0.]]))
    expected = torch.zeros(1, 2, 3, 3)
    expected[0, 0, 2, 1] = 1.  # the second landmark is unlabelled: none
    assert torch.equal(maps, expected)


def test_keypoints_go_back_to_the_image():
    metainfo = dict(input_size=(64, 64), input_center=(100., 50.),
                    input_scale=(200., 100.))
    keypoints = FewShotLandmarkDetector.to_image(
        np.array([[[32., 16.], [0., 64.]]]), metainfo)
    np.testing.assert_allclose(keypoints, [[[100., 25.], [0., 100.]]])


def fine_tune_baseline():
    torch.manual_seed(0)
    return MODELS.build(
        dict(type='FineTuneBaseline', fenet=FENET, codec=CODEC, steps=5,
             data_preprocessor=PREPROCESSOR)).eval()


def test_fine_tuning_reads_a_topdown_checkpoint():
    model = fine_tune_baseline()
    fenet = model.fenet.state_dict()
    topdown = {
        **{f'backbone.{k}': torch.full_like(v, .5)
           for k, v in fenet.items() if k.startswith('backbone.')},
        **{k: v for k, v in fenet.items() if k.startswith('neck.')},
        'head.final_layer.weight': torch.zeros(3, 16, 1, 1),
    }
    topdown = {k.replace('backbone.backbone.', 'backbone.'): v
               for k, v in topdown.items()}
    model.load_state_dict(topdown)  # strict: every key has its place
    weight = model.fenet.backbone.conv1.weight
    assert torch.equal(weight, torch.full_like(weight, .5))


def test_fine_tuning_fits_the_support_and_leaves_the_model(episodes):
    _, batches = episodes
    model = fine_tune_baseline()
    before = snapshot(model)
    support = model.data_preprocessor(batches[0])['episodes'][0]['support']
    fitted = model.adapt(support)(support['inputs'])
    # the new detectors start at zero: the loss of all-zero heatmaps
    assert model.heatmap_loss(fitted, support) < model.heatmap_loss(
        torch.zeros_like(fitted), support)
    assert changed_parts(before, snapshot(model)) == set()


def test_prototypes_find_the_support_landmarks_on_the_support(episodes):
    _, batches = episodes
    torch.manual_seed(0)
    model = MODELS.build(
        dict(type='PrototypeBaseline', fenet=FENET, codec=CODEC,
             data_preprocessor=PREPROCESSOR)).eval()
    support = model.data_preprocessor(batches[0])['episodes'][0]['support']
    # one support image: each prototype is the feature at its landmark,
    # whose nearest location on that image is the landmark itself
    one = dict(inputs=support['inputs'][:1],
               data_samples=support['data_samples'][:1])
    with torch.no_grad():
        heatmaps = model.adapt(one)(one['inputs'])
    targets, weights = model.targets(one)
    labelled = weights[0] > 0
    assert labelled.any()
    peaks = heatmaps[0].flatten(1).argmax(1)
    truth = targets[0].flatten(1).argmax(1)
    assert torch.equal(peaks[labelled], truth[labelled])
    assert (heatmaps <= 1).all() and (heatmaps > 0).all()


def test_maml_adapts_features_and_its_first_detectors(episodes):
    _, batches = episodes
    torch.manual_seed(0)
    model = MODELS.build(
        dict(type='MAMLLandmarkDetector', fenet=FENET, codec=CODEC,
             channels=16, adaptation=dict(steps=2, lr=1.0),
             data_preprocessor=PREPROCESSOR))
    before = snapshot(model)
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), lr=1e-3))
    log = model.train_step(batches[0], optim)
    assert torch.isfinite(log['loss_query'])
    after = snapshot(model)
    assert changed_parts(before, after) == {'fenet', 'detectors'}
    num_landmarks = CATEGORY_BY_ID[batches[0]['episodes'][0][
        'category']]['num_landmarks']
    # a task moves only its own Nc detectors
    assert torch.equal(before['detectors'][num_landmarks:],
                       after['detectors'][num_landmarks:])
    model.eval()
    with torch.no_grad():
        samples = model.test_step(batches[1])
    assert changed_parts(after, snapshot(model)) == set()
    assert samples[0].pred_instances.keypoints.shape[1] == CATEGORY_BY_ID[
        batches[1]['episodes'][0]['category']]['num_landmarks']
    model.detectors = torch.nn.Parameter(model.detectors[:3])
    with pytest.raises(ValueError, match='raise num_detectors'):
        model.train_step(batches[0], optim)


def test_weight_generator_trains_its_scale_and_temperature(episodes):
    _, batches = episodes
    torch.manual_seed(0)
    model = MODELS.build(
        dict(type='WeightGeneratorBaseline', fenet=FENET, codec=CODEC,
             channels=16, data_preprocessor=PREPROCESSOR))
    before = snapshot(model)
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), lr=1e-2))
    losses = [
        float(model.train_step(batches[0], optim)['loss_query'])
        for _ in range(4)
    ]
    assert losses[-1] < losses[0]
    assert changed_parts(before, snapshot(model)) == {'scale', 'temperature'}
    model.eval()
    support = model.data_preprocessor(batches[1])['episodes'][0]['support']
    with torch.no_grad():
        heatmaps = model.adapt(support)(support['inputs'])
    # cosine similarities times tau
    assert heatmaps.abs().max() <= model.temperature.abs() + 1e-5


def test_the_preprocessor_wants_episodes():
    init_default_scope('mmpose')
    preprocessor = MODELS.build(PREPROCESSOR)
    with pytest.raises(KeyError, match='episode_collate'):
        preprocessor(dict(inputs=[], data_samples=[]))
