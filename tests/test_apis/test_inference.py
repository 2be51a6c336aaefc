import os.path as osp

import mmcv
import numpy as np
import pytest
from mmpose.apis import MMPoseInferencer, inference_topdown, init_model

from ..conftest import (BASELINE_CONFIG, FLD_IMAGE, SHARED_DATA,
                        load_script, requires_shared_data, run_tool)

pytestmark = requires_shared_data

REAL_PHOTOS = osp.join(SHARED_DATA, 'real_photos')


def _assert_inside(keypoints, image_path):
    height, width = mmcv.imread(image_path).shape[:2]
    keypoints = np.asarray(keypoints).reshape(-1, 2)
    assert keypoints.shape == (8, 2)
    assert np.isfinite(keypoints).all()
    assert (keypoints[:, 0] >= 0).all() and (keypoints[:, 0] <= width).all()
    assert (keypoints[:, 1] >= 0).all() and (keypoints[:, 1] <= height).all()


@pytest.fixture(scope='module')
def test_images(tmp_path_factory):
    """Real photos of several sizes, plus a grayscale PNG and a PNG with an
    alpha channel made from them."""
    folder = tmp_path_factory.mktemp('images')
    photos = [osp.join(REAL_PHOTOS, name) for name in
              ('01_4_full.jpg', 'demo1.jpg', 'attr_pred_demo1.jpg')]
    gray = str(folder / 'gray.png')
    mmcv.imwrite(mmcv.bgr2gray(mmcv.imread(photos[0])), gray)
    rgba = str(folder / 'rgba.png')
    image = mmcv.imread(photos[1])
    mmcv.imwrite(np.dstack([image, np.full(image.shape[:2], 255,
                                           np.uint8)]), rgba)
    return [FLD_IMAGE, *photos, gray, rgba]


def test_init_model_and_inference_topdown(trained_baseline):
    _, ckpt = trained_baseline
    model = init_model(BASELINE_CONFIG, ckpt, device='cpu')
    results = inference_topdown(model, FLD_IMAGE)
    assert len(results) == 1
    keypoints = results[0].pred_instances.keypoints
    _assert_inside(keypoints, FLD_IMAGE)
    assert results[0].pred_instances.keypoint_scores.shape == (1, 8)


def test_mmpose_inferencer_on_real_photos(trained_baseline, test_images):
    _, ckpt = trained_baseline
    inferencer = MMPoseInferencer(
        pose2d=BASELINE_CONFIG, pose2d_weights=ckpt, det_model='whole_image',
        device='cpu')
    for image in test_images:
        result = next(inferencer(image))
        instances = result['predictions'][0]
        assert len(instances) == 1
        _assert_inside(instances[0]['keypoints'], image)


def test_image_demo(trained_baseline, tmp_path):
    _, ckpt = trained_baseline
    out_file = str(tmp_path / 'vis' / 'demo.jpg')
    photo = osp.join(REAL_PHOTOS, '05_1_side.jpg')
    proc = run_tool('demo/image_demo.py', photo, BASELINE_CONFIG,
                    '--checkpoint', ckpt, '--out-file', out_file)
    assert 'UNTRAINED' not in proc.stdout
    assert proc.stdout.count(' score=') == 8
    drawn = mmcv.imread(out_file)
    assert drawn.shape == mmcv.imread(photo).shape


def test_image_demo_untrained_says_so(tmp_path, capsys):
    out_file = str(tmp_path / 'demo.png')
    load_script('demo/image_demo.py').main(
        [FLD_IMAGE, BASELINE_CONFIG, '--out-file', out_file])
    assert 'UNTRAINED' in capsys.readouterr().out
    assert osp.isfile(out_file)


@pytest.mark.parametrize(
    'config',
    [
        # the whole SANL model, attention classifier included, in one
        # checkpoint: Grad-CAM works under the inferencer's no_grad
        'sanl/sanl-fpn_res18-sanlall-c2f_synthfashion-fld-128x128.py',
        # LGR: the layout graph's buffers and the 4-stack model
        'lgr/lgr_res18-stack4_synthfashion-fld-128x128.py',
    ])
def test_mmpose_inferencer_with_method_model(config, test_images, tmp_path):
    """A checkpoint of a method's model (random weights) runs through
    MMPoseInferencer on real photos."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    from mmengine.runner import save_checkpoint
    from mmpose.registry import MODELS

    from ..conftest import REPO_ROOT
    config = osp.join(REPO_ROOT, 'configs', config)
    init_default_scope('mmpose')
    model = MODELS.build(Config.fromfile(config).model)
    ckpt = str(tmp_path / 'model.pth')
    save_checkpoint({'state_dict': model.state_dict()}, ckpt)
    inferencer = MMPoseInferencer(
        pose2d=config, pose2d_weights=ckpt, det_model='whole_image',
        device='cpu')
    for image in test_images[1:3]:
        instances = next(inferencer(image))['predictions'][0]
        assert len(instances) == 1
        _assert_inside(instances[0]['keypoints'], image)
