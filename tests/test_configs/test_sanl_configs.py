"""The configs of configs/sanl/: every one builds its model (no checkpoint
loaded) and runs loss, backward and predict at its own input size; the
landmark models agree with the attention classifier they load; the
classifier's dataset and crop, and the DeepFashion-C landmark data, load
small json written here."""
import functools
import glob
import json
import os.path as osp
import re

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, init_default_scope
from mmengine.structures import InstanceData
from mmpose.registry import DATASETS as POSE_DATASETS
from mmpose.registry import METRICS
from mmpretrain.registry import DATASETS as CLS_DATASETS
from mmpretrain.registry import TRANSFORMS as CLS_TRANSFORMS
from mmpretrain.structures import DataSample

import mmfashion_lm  # noqa: F401
from ..conftest import REPO_ROOT
from .pose_batch import pose_batch

CONFIG_DIR = osp.join(REPO_ROOT, 'configs', 'sanl')
CONFIGS = sorted(glob.glob(osp.join(CONFIG_DIR, '*.py')))
FULL_FLIP_INDICES = [1, 0, 3, 2, 5, 4, 7, 6]


def _name(path):
    return osp.splitext(osp.basename(path))[0]


@functools.lru_cache(maxsize=None)
def _config(name):
    return Config.fromfile(osp.join(CONFIG_DIR, name + '.py'))


def _build(cfg):
    """The model in the config's scope; no init_weights, so no 'Pretrained'
    init (ImageNet, classifier checkpoint) is run."""
    init_default_scope(cfg.default_scope)
    return MODELS.build(cfg.model)


def _is_paper_size(cfg):
    return 'codec' in cfg and cfg.codec['input_size'][0] >= 320


def _pose_batch(cfg, batch_size):
    # an upper-body garment: no waistline
    return pose_batch(cfg.codec, FULL_FLIP_INDICES, (4, 5), batch_size)


def _cls_batch(cfg, batch_size):
    size = cfg.input_size
    samples = [
        DataSample().set_gt_label(label) for label in range(batch_size)
    ]
    return torch.randn(batch_size, 3, size, size), samples


def _model_key(cfg):
    """The model config and its input size, as a string."""
    return json.dumps([cfg.model.to_dict(), cfg.get('input_size')],
                      sort_keys=True, default=str)


def _run_model(cfg, model):
    """Loss, backward and predict of ``model``, built from ``cfg``."""
    torch.manual_seed(0)
    pose = cfg.default_scope == 'mmpose'
    make_batch = _pose_batch if pose else _cls_batch
    if _is_paper_size(cfg):
        # batch 1 at 320x320; ASPP's image-level branch normalises a 1x1 map,
        # which BN cannot do in train mode on one sample (as in DeepLab), so
        # the loss runs with the norm layers' running statistics
        inputs, samples = make_batch(cfg, 1)
        model.eval()
    else:
        inputs, samples = make_batch(cfg, 2)
        model.train()

    losses = model.loss(inputs, samples)
    if pose:
        expected = {'loss_coarse', 'acc_pose'}
        if cfg.model.head.get('fine_net'):
            expected.add('loss_fine')
        assert set(losses) == expected
    loss = sum(v for k, v in losses.items() if k.startswith('loss'))
    assert torch.isfinite(loss)
    loss.backward()
    first_conv = next(p for p in model.backbone.parameters() if p.dim() == 4)
    assert first_conv.grad is not None and first_conv.grad.abs().sum() > 0
    if pose and model.side_input is not None:
        # the AttentionNet is frozen
        assert all(p.grad is None for p in model.side_input.parameters())

    model.eval()
    with torch.no_grad():
        results = model.predict(inputs[:1], samples[:1])
    if pose:
        keypoints = results[0].pred_instances.keypoints
        width, height = cfg.codec['input_size']
        assert keypoints.shape == (1, 8, 2)
        assert np.all((keypoints >= 0) & (keypoints <= [width - 1,
                                                        height - 1]))
    else:
        assert results[0].pred_score.shape == (cfg.model.head.num_classes, )


# the model configs already run: the FLD and DeepFashion-C twins of an
# ablation share one model and differ in data only
_RUN_MODELS = set()


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_builds_and_runs(path):
    cfg = _config(_name(path))
    assert cfg.default_scope in ('mmpose', 'mmpretrain')
    assert cfg.custom_imports['imports'] == ['mmfashion_lm']
    model = _build(cfg)
    key = _model_key(cfg)
    if key not in _RUN_MODELS:
        _run_model(cfg, model)
        _RUN_MODELS.add(key)


def _configs(scope=None):
    """The configs of configs/sanl/, those of ``scope`` if given."""
    configs = [_config(_name(path)) for path in CONFIGS]
    return [cfg for cfg in configs if scope in (None, cfg.default_scope)]


def test_classifier_normalisation_is_the_landmark_models():
    """GradCAMAttention feeds the classifier the landmark model's normalised
    crops: both must normalise alike (ImageNet mean/std, RGB)."""
    for cfg in _configs():
        if cfg.default_scope == 'mmpretrain':
            classifier = cfg.model.data_preprocessor
        elif cfg.model.get('side_input'):
            classifier = cfg.model.side_input.classifier.data_preprocessor
            pose = cfg.model.data_preprocessor
            assert pose.mean == classifier.mean and pose.std == classifier.std
            assert pose.bgr_to_rgb and classifier.to_rgb
        else:
            continue
        assert classifier.mean == [123.675, 116.28, 103.53]
        assert classifier.std == [58.395, 57.12, 57.375]


def _checkpoint_of(path):
    """(config name, epoch) of a work_dirs/<config>/epoch_<n>.pth path."""
    match = re.fullmatch(r'work_dirs/([^/]+)/epoch_(\d+)\.pth', path)
    assert match, path
    return match.group(1), int(match.group(2))


def test_landmark_models_load_the_classifier_configs_train():
    for cfg in _configs('mmpose'):
        attention = cfg.model.get('side_input')
        init_cfg = attention and attention.classifier.get('init_cfg')
        if not init_cfg:
            continue
        name, epoch = _checkpoint_of(init_cfg['checkpoint'])
        classifier = _config(name)
        assert classifier.default_scope == 'mmpretrain'
        assert epoch == classifier.train_cfg.max_epochs
        # the same architecture, so the checkpoint's keys fit
        trained = classifier.model.to_dict()
        loaded = attention.classifier.to_dict()
        for model in (trained, loaded):
            model.pop('init_cfg', None)
            model['backbone'].pop('init_cfg', None)
        assert loaded == trained


def test_c2f_configs_start_from_the_coarse_stage():
    names = [_name(p) for p in CONFIGS if '-c2f_' in p]
    assert len(names) == 3
    for name in names:
        cfg = _config(name)
        coarse_name, epoch = _checkpoint_of(cfg.load_from)
        coarse = _config(coarse_name)
        assert coarse_name == name.replace('-c2f_', '_')
        assert epoch == coarse.train_cfg.max_epochs
        assert cfg.model.head.fine_net and not coarse.model.head.get(
            'fine_net')


def _write_image(path, width, height, seed):
    rng = np.random.RandomState(seed)
    image = rng.randint(0, 256, (height, width, 3), dtype=np.uint8)
    assert cv2.imwrite(str(path), image)


def _write_coco(path, images, annotations):
    """A converter-style COCO json (docs/formats_contract.md)."""
    with open(path, 'w') as f:
        json.dump(
            dict(
                images=[
                    dict(id=i + 1, file_name=name, width=w, height=h)
                    for i, (name, w, h) in enumerate(images)
                ],
                annotations=[
                    dict(
                        id=i + 1,
                        category_id=1,
                        iscrowd=0,
                        area=ann['bbox'][2] * ann['bbox'][3],
                        num_keypoints=sum(v > 0
                                          for v in ann['keypoints'][2::3]),
                        **ann) for i, ann in enumerate(annotations)
                ],
                categories=[dict(id=1, name='clothes')]), f)


@pytest.fixture
def garment_jsons(tmp_path):
    """Two small images, one upper-body and one lower-body garment, each in
    its subset's json, and a 3-row category list."""
    (tmp_path / 'img').mkdir()
    _write_image(tmp_path / 'img' / 'a.jpg', 40, 30, 0)
    _write_image(tmp_path / 'img' / 'b.jpg', 50, 60, 1)
    (tmp_path / 'annotations').mkdir()
    # bbox [x, y, w, h]; keypoints in COCO visibility
    _write_coco(tmp_path / 'annotations' / 'upper.json',
                [('img/a.jpg', 40, 30)], [
                    dict(image_id=1, bbox=[10, 5, 20, 20], category_label=2,
                         keypoints=[12, 6, 2, 28, 6, 2, 11, 15, 2,
                                    29, 15, 1, 12, 24, 2, 28, 24, 2])
                ])
    _write_coco(tmp_path / 'annotations' / 'lower.json',
                [('img/b.jpg', 50, 60)], [
                    dict(image_id=1, bbox=[5, 10, 40, 40], category_label=0,
                         keypoints=[8, 12, 2, 40, 12, 2, 8, 48, 2,
                                    0, 0, 0])
                ])
    (tmp_path / 'Anno').mkdir()
    (tmp_path / 'Anno' / 'list_category_cloth.txt').write_text(
        '3\ncategory_name  category_type\nAnorak  1\nBlazer  1\n'
        'Capris  2\n')
    return tmp_path


def test_classifier_dataset_and_crop(garment_jsons):
    cfg = _config('sanl-attention_res18_synthfashion-128x128')
    init_default_scope('mmpretrain')
    dataset = CLS_DATASETS.build(
        dict(
            cfg.val_dataloader.dataset,
            data_root=str(garment_jsons),
            ann_file=['annotations/upper.json', 'annotations/lower.json']))
    assert dataset.metainfo['classes'] == ('Anorak', 'Blazer', 'Capris')
    assert len(dataset) == 2
    info = dataset.get_data_info(0)
    assert info['gt_label'] == 2
    assert info['img_path'] == osp.join(str(garment_jsons), 'img', 'a.jpg')
    np.testing.assert_array_equal(info['bbox'], [10, 5, 30, 25])

    # the config's pipeline: crop, resize to the classifier's input
    packed = dataset[1]
    assert packed['inputs'].shape == (3, cfg.input_size, cfg.input_size)
    assert packed['data_samples'].gt_label.tolist() == [0]

    # the crop alone: the box padded by 1.25 around its centre, squared,
    # the part outside the image black
    crop = CLS_TRANSFORMS.build(
        dict(type='CropGarmentBox', padding=1.25, aspect_ratio=1.0))
    results = crop(
        dict(img=cv2.imread(info['img_path']), bbox=info['bbox']))
    assert results['img'].shape == (25, 25, 3)
    np.testing.assert_array_equal(results['crop_bbox'], [8, 3, 33, 28])
    results = crop(dict(img=np.full((30, 40, 3), 255, np.uint8),
                        bbox=np.array([0, 0, 40, 20], np.float32)))
    assert results['img'].shape == (50, 50, 3)  # 40 * 1.25, squared
    assert results['img'][0, 25].tolist() == [0, 0, 0]  # above the image
    assert results['img'][25, 25].tolist() == [255, 255, 255]


def test_classifier_dataset_checks_labels(garment_jsons):
    init_default_scope('mmpretrain')
    base = dict(
        type='GarmentCategoryDataset',
        data_root=str(garment_jsons),
        ann_file='annotations/upper.json')
    (garment_jsons / 'Anno' / 'two.txt').write_text(
        '2\ncategory_name  category_type\nAnorak  1\nBlazer  1\n')
    with pytest.raises(ValueError, match='outside the 2 classes'):
        CLS_DATASETS.build(dict(base, category_file='Anno/two.txt'))
    fld = garment_jsons / 'annotations' / 'fld.json'
    _write_coco(fld, [('img/a.jpg', 40, 30)],
                [dict(image_id=1, bbox=[10, 5, 20, 20], keypoints=[0] * 24)])
    with pytest.raises(KeyError, match='category_label'):
        CLS_DATASETS.build(dict(base, ann_file=str(fld)))


def _deepfashion_c_dataset(cfg, split, root):
    dataset = cfg[f'{split}_dataloader'].dataset.to_dict()
    # without the random flips and box jitter, for exact weights
    dataset['pipeline'] = [
        t for t in dataset['pipeline'] if not t['type'].startswith('Random')
    ]
    # the fixture has no full-body garment
    dataset['datasets'].update(
        data_root=str(root),
        ann_file='annotations/{subset}.json',
        subsets=('upper', 'lower'))
    init_default_scope('mmpose')
    return POSE_DATASETS.build(dataset)


def test_deepfashion_c_landmarks_in_full_body_slots(garment_jsons):
    cfg = _config('sanl-fpn_res101-sanlall_deepfashion-c-320x320')
    dataset = _deepfashion_c_dataset(cfg, 'train', garment_jsons)
    upper, lower = dataset[0]['data_samples'], dataset[1]['data_samples']
    assert upper.gt_fields.heatmaps.shape == (8, 80, 80)
    assert upper.gt_fields.fine_heatmaps.shape == (8, 80, 80)
    # upper: collars, sleeves, hems (the occluded right sleeve does not
    # train); lower: waistlines and hems (one truncated)
    assert upper.gt_instance_labels.keypoint_weights.tolist() == [
        [1, 1, 1, 0, 0, 0, 1, 1]
    ]
    assert lower.gt_instance_labels.keypoint_weights.tolist() == [
        [0, 0, 0, 0, 1, 1, 1, 0]
    ]
    assert upper.metainfo['flip_indices'] == FULL_FLIP_INDICES


def test_deepfashion_c_evaluation(garment_jsons):
    cfg = _config('sanl-fpn_res101-sanlall_deepfashion-c-320x320')
    dataset = _deepfashion_c_dataset(cfg, 'val', garment_jsons)
    metric = METRICS.build(cfg.val_evaluator)
    metric.dataset_meta = dataset.metainfo
    samples = []
    for i in range(len(dataset)):
        sample = dataset[i]['data_samples']
        sample.pred_instances = InstanceData(
            keypoints=sample.gt_instances.keypoints.copy())
        samples.append(sample.to_dict())
    metric.process([], samples)
    assert metric.compute_metrics(metric.results)['NE'] == 0


def test_landmark_model_loads_classifier_checkpoint(tmp_path):
    """The synthetic landmark models load a checkpoint of the classifier
    config twice: the whole classifier into the AttentionNet
    (side_input.classifier.init_cfg) and its ResNet-18 into the landmark
    backbone (backbone.init_cfg, the SANL blocks left as built)."""
    classifier = _build(_config('sanl-attention_res18_synthfashion-128x128'))
    checkpoint = str(tmp_path / 'classifier.pth')
    torch.save(dict(state_dict=classifier.state_dict(), meta={}), checkpoint)

    cfg = _config('sanl-fpn_res18-sanlall_synthfashion-fld-128x128')
    model_cfg = cfg.model.to_dict()
    assert model_cfg['backbone']['init_cfg']['prefix'] == 'backbone.'
    for init_cfg in (model_cfg['side_input']['classifier']['init_cfg'],
                     model_cfg['backbone']['init_cfg']):
        assert init_cfg['checkpoint'] == cfg.attention_checkpoint
        init_cfg['checkpoint'] = checkpoint
    init_default_scope('mmpose')
    model = MODELS.build(model_cfg)
    model.init_weights()
    loaded = model.side_input.classifier.state_dict()
    for key, value in classifier.state_dict().items():
        assert torch.equal(loaded[key], value), key
    backbone = model.backbone.state_dict()
    for key, value in classifier.backbone.state_dict().items():
        assert torch.equal(backbone[key], value), key
    # the blocks start as the identity: the norm after W is zero
    assert all(
        block.conv_out.norm.weight.abs().sum() == 0
        for block in model.backbone.plugins)
