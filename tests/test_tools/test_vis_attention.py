"""tools/analysis_tools/vis_attention.py: three panels of the small
multi-task model's input for a real photo (untrained, said so); a model
without the attention (CAT) is refused."""
import os.path as osp

import cv2
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.registry import MODELS

from ..conftest import (REPO_ROOT, SHARED_DATA, load_script,
                        requires_shared_data, run_tool)

TOOL = 'tools/analysis_tools/vis_attention.py'
CONFIGS = osp.join(REPO_ROOT, 'configs', 'multitask')
MTL = osp.join(CONFIGS, 'mtl_res18_synthfashion-deepfashion-c-128x128.py')
CAT = osp.join(CONFIGS, 'cat_res18_synthfashion-deepfashion-c-128x128.py')


@requires_shared_data
def test_three_panels_of_the_input(tmp_path):
    out = tmp_path / 'attention.png'
    stdout = run_tool(TOOL, osp.join(SHARED_DATA, 'real_photos',
                                     'demo1.jpg'), MTL, '--out',
                      str(out)).stdout
    assert 'UNTRAINED' in stdout and 'attention 1 + A' in stdout
    assert cv2.imread(str(out)).shape == (128, 3 * 128, 3)
    assert not list(tmp_path.glob('.*'))  # no temporary left


def test_a_model_without_attention_is_refused():
    tool = load_script(TOOL)
    init_default_scope('mmpose')
    model = MODELS.build(Config.fromfile(CAT).model)
    with pytest.raises(SystemExit, match='no LandmarkDrivenAttention'):
        tool.AttentionProbe(model)
