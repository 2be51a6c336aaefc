"""Inference with a bottom-up (composite-fields) model: MMPoseInferencer
without a detector and demo/image_demo.py find every garment in real photos
of any size, or none, with landmarks inside the image (issue 12)."""
import os
import os.path as osp

import mmcv
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import save_checkpoint
from mmpose.apis import MMPoseInferencer
from mmpose.registry import MODELS


from ..conftest import (REPO_ROOT, SHARED_DATA, make_confident,
                        requires_shared_data, run_tool)

pytestmark = requires_shared_data

REAL_PHOTOS = osp.join(SHARED_DATA, 'real_photos')
CONFIG = osp.join(
    REPO_ROOT, 'configs', 'composite_fields',
    'composite-fields_res18-single-b_synthfashion-deepfashion-c-97x97.py')
NUM_KEYPOINTS = 8


# One thread (also for the tools run as processes): the model is small,
# and two intra-op threads on busy cores (training runs beside the tests)
# wait on each other, 40 times slower.
ONE_THREAD = dict(OMP_NUM_THREADS='1', MKL_NUM_THREADS='1')
pytestmark = pytest.mark.usefixtures('one_thread')


@pytest.fixture(scope='module')
def test_images(tmp_path_factory):
    """The real photos (several sizes), a grayscale PNG of the largest one
    and a blank 300 x 200 image (no garment)."""
    folder = tmp_path_factory.mktemp('images')
    photos = sorted(
        osp.join(REAL_PHOTOS, name) for name in os.listdir(REAL_PHOTOS)
        if name.endswith('.jpg'))
    assert photos
    gray = str(folder / 'gray.png')
    mmcv.imwrite(mmcv.bgr2gray(mmcv.imread(osp.join(
        REAL_PHOTOS, '01_4_full.jpg'))), gray)
    blank = str(folder / 'blank.png')
    mmcv.imwrite(np.full((200, 300, 3), 255, np.uint8), blank)
    return [*photos, gray, blank]


@pytest.fixture(scope='module')
def confident_checkpoint(tmp_path_factory):
    """A checkpoint of the config's model, untrained but for confident
    fields (see :func:`make_confident`)."""
    init_default_scope('mmpose')
    model = MODELS.build(Config.fromfile(CONFIG).model)
    make_confident(model.head)
    ckpt = str(tmp_path_factory.mktemp('ckpt') / 'confident.pth')
    save_checkpoint({'state_dict': model.state_dict()}, ckpt)
    return ckpt


def _check_instances(instances, image_path):
    """Every instance has K landmarks with scores, a box and a score, all
    inside the image (0 <= x <= w - 1, 0 <= y <= h - 1)."""
    height, width = mmcv.imread(image_path).shape[:2]
    for instance in instances:
        keypoints = np.asarray(instance['keypoints'], np.float64)
        assert keypoints.shape == (NUM_KEYPOINTS, 2)
        scores = np.asarray(instance['keypoint_scores'])
        assert scores.shape == (NUM_KEYPOINTS, )
        assert ((scores >= 0) & (scores <= 1)).all()
        assert 0 <= instance['bbox_score'] <= 1
        bbox = np.asarray(instance['bbox'], np.float64).reshape(-1, 4)
        assert bbox.shape == (1, 4)
        for points in (keypoints, bbox.reshape(2, 2)):
            assert np.isfinite(points).all()
            assert (points[:, 0] >= 0).all(), (image_path, points)
            assert (points[:, 0] <= width - 1).all(), (image_path, points)
            assert (points[:, 1] >= 0).all(), (image_path, points)
            assert (points[:, 1] <= height - 1).all(), (image_path, points)


def test_inferencer_untrained_model(test_images):
    """No checkpoint, no detector: the call succeeds on every image (the
    untrained head's confidences sit at the prior, so garments are rarely
    found) and what it returns lies inside the image."""
    inferencer = MMPoseInferencer(pose2d=CONFIG, device='cpu')
    assert inferencer.inferencer.cfg.data_mode == 'bottomup'
    for image in test_images:
        result = next(inferencer(image))
        assert len(result['predictions']) == 1
        _check_instances(result['predictions'][0], image)


def test_inferencer_returns_and_draws_every_garment(confident_checkpoint,
                                                    test_images, tmp_path):
    """With pose2d_weights and confident fields the decoder finds garments:
    every one of them comes back inside its image and is drawn."""
    inferencer = MMPoseInferencer(
        pose2d=CONFIG, pose2d_weights=confident_checkpoint, device='cpu')
    vis_dir = str(tmp_path / 'vis')
    found = 0
    for image in test_images:
        result = next(inferencer(image, vis_out_dir=vis_dir))
        instances = result['predictions'][0]
        _check_instances(instances, image)
        found += len(instances) > 0
        drawn = mmcv.imread(osp.join(vis_dir, osp.basename(image)))
        assert drawn.shape[:2] == mmcv.imread(image).shape[:2]
    assert found > 0


def test_image_demo_bottomup(confident_checkpoint, tmp_path):
    """demo/image_demo.py reads the config's data_mode: every garment is
    printed (a line, then its landmarks) and drawn."""
    out_file = str(tmp_path / 'vis' / 'demo.jpg')
    photo = osp.join(REAL_PHOTOS, 'demo1.jpg')
    proc = run_tool('demo/image_demo.py', photo, CONFIG, '--checkpoint',
                    confident_checkpoint, '--out-file', out_file, '--device',
                    'cpu', env=ONE_THREAD)
    assert 'UNTRAINED' not in proc.stdout
    lines = proc.stdout.splitlines()
    garments = [line for line in lines if line.startswith('garment ')]
    assert len(garments) > 0
    assert f'{len(garments)} garment(s) found' in lines
    # a garment line and its K landmark lines each carry a score
    assert proc.stdout.count(' score=') == len(garments) * (NUM_KEYPOINTS + 1)
    drawn = mmcv.imread(out_file)
    assert drawn.shape == mmcv.imread(photo).shape
