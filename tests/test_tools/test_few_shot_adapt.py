"""tools/few_shot/adapt.py: from five annotated synthetic garments of one
category, a MetaCloth model writes an ordinary top-down model whose
heatmaps are the adapted model's, and which MMPoseInferencer runs on real
photos; bad annotations are refused naming the field."""
import glob
import json
import os.path as osp

import numpy as np
import pytest
import torch
from mmcv.transforms import Compose
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.apis import MMPoseInferencer, init_model
from mmpose.models.data_preprocessors import PoseDataPreprocessor
from mmpose.registry import MODELS

import mmfashion_lm  # noqa: F401
from mmfashion_lm.apis import adapt_to_support, read_support_annotations
from mmfashion_lm.datasets.metainfo.deepfashion2 import (CATEGORY_BY_ID,
                                                         CATEGORY_SLICES,
                                                         landmark_names)
from ..conftest import SHARED_DATA, load_script, requires_shared_data
from ..test_models.test_pose_estimators.test_few_shot_detectors import (
    CODEC, FENET, PREPROCESSOR, metacloth_config)

TOOL = 'tools/few_shot/adapt.py'


@pytest.fixture(scope='module')
def support_file(tiny_deepfashion2, tmp_path_factory):
    """Five garments of the most common category, in its own landmarks."""
    with open(osp.join(tiny_deepfashion2, 'annotations',
                       'deepfashion2_train.json')) as f:
        coco = json.load(f)
    counts = np.bincount([a['category_id'] for a in coco['annotations']])
    category = int(counts.argmax())
    slots = CATEGORY_SLICES[category]
    chosen, images = [], set()
    for ann in coco['annotations']:
        if ann['category_id'] == category and ann['image_id'] not in images:
            keypoints = np.asarray(ann['keypoints']).reshape(-1, 3)[slots]
            chosen.append(dict(ann, keypoints=keypoints.ravel().tolist()))
            images.add(ann['image_id'])
        if len(chosen) == 5:
            break
    info = CATEGORY_BY_ID[category]
    support = dict(
        images=[im for im in coco['images'] if im['id'] in images],
        annotations=chosen,
        categories=[
            dict(id=1, name='new_garment',
                 keypoints=list(landmark_names(info)),
                 skeleton=[[1, 2], [2, 3]])
        ])
    path = str(tmp_path_factory.mktemp('support') / 'support.json')
    with open(path, 'w') as f:
        json.dump(support, f)
    return path, tiny_deepfashion2, info['num_landmarks']


@pytest.fixture(scope='module')
def metacloth_files(tmp_path_factory):
    init_default_scope('mmpose')
    cfg = Config(
        dict(
            default_scope='mmpose',
            model=metacloth_config('meta_fenet', (1, ))))
    folder = tmp_path_factory.mktemp('metacloth')
    config, weights = str(folder / 'metacloth.py'), str(folder / 'm.pth')
    cfg.dump(config)
    torch.manual_seed(0)
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()),
               weights)
    return config, weights


def test_the_written_model_is_the_adapted_one(support_file, metacloth_files,
                                              tmp_path):
    ann_file, img_root, num_landmarks = support_file
    config, weights = load_script(TOOL).main([
        *metacloth_files, '--support', ann_file, '--img-root', img_root,
        '--out-dir', str(tmp_path)
    ])
    assert osp.basename(config) == 'new_garment.py'
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'new_garment.pth', 'new_garment.py'
    ]
    topdown = init_model(config, weights, device='cpu')
    assert topdown.dataset_meta['num_keypoints'] == num_landmarks
    # the same heatmaps as the few-shot model adapted to the same support
    cfg = Config.fromfile(metacloth_files[0])
    model = MODELS.build(cfg.model)
    model.load_state_dict(torch.load(metacloth_files[1])['state_dict'])
    model.eval()
    support = _support(model, cfg, ann_file, img_root)
    with torch.no_grad():
        expected = model.adapt(support)(support['inputs'])
        written = topdown(support['inputs'], None, mode='tensor')
    torch.testing.assert_close(written, expected, rtol=1e-4, atol=1e-5)


def _support(model, cfg, ann_file, img_root):
    """The support batch as adapt_to_support makes it."""
    _, infos = read_support_annotations(ann_file, img_root)
    pipeline = Compose([
        dict(type='LoadImage'),
        dict(type='GetBBoxCenterScale', padding=1.0),
        dict(type='TopdownBoxResize', input_size=CODEC['input_size']),
        dict(type='GenerateTarget', encoder=CODEC),
        dict(type='PackPoseInputs')
    ])
    items = [pipeline(dict(info)) for info in infos]
    return PoseDataPreprocessor.forward(
        model.data_preprocessor,
        dict(inputs=[i['inputs'] for i in items],
             data_samples=[i['data_samples'] for i in items]), False)


@requires_shared_data
def test_mmpose_inferencer_runs_it_on_real_photos(support_file,
                                                  metacloth_files, tmp_path):
    ann_file, img_root, num_landmarks = support_file
    config, weights = load_script(TOOL).main([
        *metacloth_files, '--support', ann_file, '--img-root', img_root,
        '--out-dir', str(tmp_path), '--name', 'adapted'
    ])
    inferencer = MMPoseInferencer(
        pose2d=config, pose2d_weights=weights, device='cpu')
    photos = sorted(
        glob.glob(osp.join(SHARED_DATA, 'real_photos', '*.jpg')))[:2]
    assert photos
    for photo in photos:
        result = next(inferencer(photo))
        keypoints = np.asarray(result['predictions'][0][0]['keypoints'])
        assert keypoints.shape == (num_landmarks, 2)
        assert np.isfinite(keypoints).all()


def test_bad_annotations_name_the_field(support_file, tmp_path):
    ann_file, img_root, _ = support_file
    with open(ann_file) as f:
        good = json.load(f)
    bad = json.loads(json.dumps(good))
    bad['annotations'][1]['keypoints'] = bad['annotations'][1][
        'keypoints'][:-3]
    path = str(tmp_path / 'bad.json')
    with open(path, 'w') as f:
        json.dump(bad, f)
    with pytest.raises(ValueError, match=r'annotations\[1\]\["keypoints"\]'):
        read_support_annotations(path, img_root)
    bad = json.loads(json.dumps(good))
    bad['categories'][0]['skeleton'] = [[0, 1]]
    with open(path, 'w') as f:
        json.dump(bad, f)
    with pytest.raises(ValueError, match='skeleton'):
        read_support_annotations(path, img_root)
    with pytest.raises(FileNotFoundError, match='no image'):
        read_support_annotations(ann_file, str(tmp_path))


def test_prototypes_have_no_landmark_model_to_write(support_file):
    ann_file, img_root, _ = support_file
    init_default_scope('mmpose')
    cfg = Config(dict(model=dict(type='PrototypeBaseline', fenet=FENET,
                                 codec=CODEC,
                                 data_preprocessor=PREPROCESSOR)))
    with pytest.raises(NotImplementedError, match='no landmark model'):
        adapt_to_support(MODELS.build(cfg.model), cfg, ann_file, img_root)
