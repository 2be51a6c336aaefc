"""describe_garments: the small multi-task model (untrained, saved with the
label names a training saves) describes real photos of any size: per box a
category by name, attributes by type and landmarks in the image; CAT gives
no landmarks; a landmark-only model is refused."""
import os
import os.path as osp

import mmcv
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import save_checkpoint
from mmpose.apis import init_model
from mmpose.datasets.datasets.utils import parse_pose_metainfo
from mmpose.registry import MODELS

from mmfashion_lm.apis import describe_garments
from ..conftest import (BASELINE_CONFIG, REPO_ROOT, SHARED_DATA,
                        requires_shared_data, run_tool)

pytestmark = requires_shared_data

CONFIGS = osp.join(REPO_ROOT, 'configs', 'multitask')
MTL = osp.join(CONFIGS, 'mtl_res18_synthfashion-deepfashion-c-128x128.py')
CAT = osp.join(CONFIGS, 'cat_res18_synthfashion-deepfashion-c-128x128.py')
PHOTOS = osp.join(SHARED_DATA, 'real_photos')
GROUPS = ['texture', 'fabric', 'shape', 'part', 'style']


def _checkpoint(config, tmp_path):
    """The config's untrained model saved with label names, as training
    saves the dataset's metainfo; its path."""
    init_default_scope('mmpose')
    torch.manual_seed(0)
    cfg = Config.fromfile(config)
    model = MODELS.build(cfg.model)
    meta = dict(
        parse_pose_metainfo(cfg.train_dataloader.dataset.metainfo),
        category_names=[f'cat{i}' for i in range(50)],
        attribute_names=[f'attr{i}' for i in range(1000)],
        attribute_groups=np.arange(1000) % 5 + 1)
    path = str(tmp_path / 'model.pth')
    save_checkpoint(
        dict(state_dict=model.state_dict(), meta=dict(dataset_meta=meta)),
        path)
    return path


def _saved(config, tmp_path):
    return init_model(config, _checkpoint(config, tmp_path), device='cpu')


def test_real_photos(tmp_path):
    model = _saved(MTL, tmp_path)
    photos = sorted(
        osp.join(PHOTOS, name) for name in os.listdir(PHOTOS)
        if name.endswith('.jpg'))
    assert photos
    for photo in photos:
        height, width = mmcv.imread(photo).shape[:2]
        [garment] = describe_garments(model, photo)
        assert garment['category']['name'].startswith('cat')
        scores = [c['score'] for c in garment['categories']]
        assert len(scores) == 3 and scores == sorted(scores, reverse=True)
        assert list(garment['attributes']) == GROUPS
        for group, attributes in garment['attributes'].items():
            assert len(attributes) == 3
            # attr i is of type i % 5 + 1
            assert all(int(name[4:]) % 5 == GROUPS.index(group)
                       for name, _ in attributes)
        keypoints = garment['keypoints']
        assert keypoints.shape == (8, 2)
        assert (keypoints >= 0).all() and (keypoints[:, 0] <= width).all()
        assert (keypoints[:, 1] <= height).all()


def test_boxes_and_cat(tmp_path):
    model = _saved(CAT, tmp_path)
    photo = osp.join(PHOTOS, sorted(os.listdir(PHOTOS))[0])
    boxes = np.array([[0, 0, 50, 80], [10, 10, 60, 40]], np.float32)
    garments = describe_garments(model, photo, boxes, topk_attributes=1)
    assert len(garments) == 2
    np.testing.assert_allclose(garments[1]['bbox'], boxes[1])
    assert garments[0]['keypoints'].shape == (0, 2)
    assert all(len(a) == 1 for a in garments[0]['attributes'].values())


def test_landmark_only_model_is_refused():
    model = init_model(BASELINE_CONFIG, None, device='cpu')
    photo = osp.join(PHOTOS, sorted(os.listdir(PHOTOS))[0])
    with pytest.raises(ValueError, match='multi-task model'):
        describe_garments(model, photo)


def test_demo_draws_and_prints_them(tmp_path):
    photo = osp.join(PHOTOS, 'demo1.jpg')
    out = tmp_path / 'described.jpg'
    stdout = run_tool('demo/image_demo.py', photo, MTL, '--checkpoint',
                      _checkpoint(MTL, tmp_path), '--out-file',
                      str(out)).stdout
    assert 'category: cat' in stdout
    for group in GROUPS:
        assert f'{group}: attr' in stdout
    drawn = mmcv.imread(str(out))
    assert drawn.shape == mmcv.imread(photo).shape
    # the text band darkens the top of the photo
    assert drawn[:20].mean() < mmcv.imread(photo)[:20].mean()
