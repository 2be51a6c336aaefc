"""tools/analysis_tools/get_flops.py and vis_gradcam.py on the small SANL
configs, without checkpoints unless written here."""
import os.path as osp
import re

import cv2
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, init_default_scope

import mmfashion_lm  # noqa: F401
from ..conftest import FLD_IMAGE, REPO_ROOT, requires_shared_data, run_tool

pytestmark = requires_shared_data

SANL_CONFIG = osp.join(REPO_ROOT, 'configs', 'sanl',
                       'sanl-fpn_res18-sanlall_synthfashion-fld-128x128.py')
BASE_CONFIG = SANL_CONFIG.replace('-sanlall_', '-base_')
CLASSIFIER_CONFIG = osp.join(REPO_ROOT, 'configs', 'sanl',
                             'sanl-attention_res18_synthfashion-128x128.py')


def _flops(output, part):
    """(params M, FLOPs G) printed for ``part``."""
    match = re.search(
        rf'{re.escape(part)}[^\n]*params\s+([\d.]+) M\s+FLOPs\s+([\d.]+) G',
        output)
    assert match, output
    return float(match.group(1)), float(match.group(2))


def test_get_flops_counts_attention_parts():
    out = run_tool('tools/analysis_tools/get_flops.py', SANL_CONFIG,
                   '--shape', '64', '64').stdout
    assert 'input 1x3x64x64' in out
    _, classifier = _flops(out, 'attention classifier, forward')
    _, backward = _flops(out, 'Grad-CAM backward')
    _, body = _flops(out, 'backbone + neck + head')
    params, total = _flops(out, 'total')
    assert abs(classifier + backward + body - total) < 0.02
    # the backward pass skips the stem and the first stage
    assert 0.5 * classifier < backward < classifier
    base = run_tool('tools/analysis_tools/get_flops.py', BASE_CONFIG,
                    '--shape', '64', '64').stdout
    base_params, base_total = _flops(base, 'total')
    assert base_params < params and base_total < body


def test_vis_gradcam_pose_config_without_checkpoint(tmp_path):
    out = run_tool('tools/analysis_tools/vis_gradcam.py', FLD_IMAGE,
                   SANL_CONFIG, '--out-dir', str(tmp_path)).stdout
    assert 'untrained' in out
    for stride in (4, 8, 16, 32):
        image = cv2.imread(str(tmp_path / f'img_00000128_stride{stride}.png'))
        assert image.shape == (128, 128, 3)



def test_vis_gradcam_mode_32(tmp_path):
    # one map for every block, drawn once; a paper-size config
    config = osp.join(REPO_ROOT, 'configs', 'sanl',
                      'sanl-fpn_res101-sanl32_fld-320x320.py')
    run_tool('tools/analysis_tools/vis_gradcam.py', FLD_IMAGE, config,
             '--out-dir', str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == [
        'img_00000128_stride32.png'
    ]
    assert cv2.imread(str(tmp_path / 'img_00000128_stride32.png')).shape \
        == (320, 320, 3)


def test_vis_gradcam_classifier_checkpoint(tmp_path):
    init_default_scope('mmpretrain')
    classifier = MODELS.build(Config.fromfile(CLASSIFIER_CONFIG).model)
    checkpoint = str(tmp_path / 'classifier.pth')
    torch.save(dict(state_dict=classifier.state_dict(), meta={}), checkpoint)
    out = run_tool('tools/analysis_tools/vis_gradcam.py', FLD_IMAGE,
                   CLASSIFIER_CONFIG, '--checkpoint', checkpoint,
                   '--out-dir', str(tmp_path / 'vis')).stdout
    assert 'untrained' not in out
    assert len(list((tmp_path / 'vis').glob('*.png'))) == 4
