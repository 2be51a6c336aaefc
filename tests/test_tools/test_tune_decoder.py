"""tools/analysis_tools/tune_decoder.py: the all-category DeepFashion2
model (untrained, saved) over a tiny synthetic DeepFashion2 set, one row
per setting of the grid, the setting taking effect in the decoder."""
import json
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import save_checkpoint
from mmpose.registry import MODELS

from mmfashion_lm.datasets.converters import convert_deepfashion2
from mmfashion_lm.datasets.synthetic import generate_synthfashion

from ..conftest import REPO_ROOT, load_script, run_tool

TOOL = 'tools/analysis_tools/tune_decoder.py'
CONFIG = osp.join(REPO_ROOT, 'configs', 'composite_fields',
                  'composite-fields_res18-deepfashion2-all_synthfashion-'
                  'deepfashion2-129x129.py')


@pytest.fixture(scope='module')
def model_and_data(tmp_path_factory):
    folder = tmp_path_factory.mktemp('tune_decoder')
    root = str(folder / 'synth')
    generate_synthfashion(
        root, 3, seed=2, image_size=(64, 64), layouts=('deepfashion2', ))
    df2 = osp.join(root, 'deepfashion2')
    assert not convert_deepfashion2(df2, osp.join(df2, 'annotations')).skipped
    init_default_scope('mmpose')
    model = MODELS.build(Config.fromfile(CONFIG).model)
    checkpoint = str(folder / 'untrained.pth')
    save_checkpoint(model.state_dict(), checkpoint)
    options = [
        f'{loader}.dataset.data_root={df2}/'
        for loader in ('train_dataloader', 'val_dataloader',
                       'test_dataloader')
    ]
    return checkpoint, options


def test_one_row_per_setting(model_and_data, tmp_path):
    checkpoint, options = model_and_data
    out = str(tmp_path / 'tuned.json')
    # the untrained head's confidences are about 0.05 (its bias): seeds
    # above 0.01 grow garments, none reach 2
    stdout = run_tool(
        TOOL, CONFIG, checkpoint, '--num-images', '2', '--grid',
        'seed_thr=0.01,2', 'cif_vote_thr=0.01', 'keypoint_thr=0',
        'instance_thr=0',
        '--out', out, '--cfg-options', 'model.test_cfg.flip_test=False',
        *options).stdout
    assert 'train split, 2 images; ranked by deepfashion2/AP' in stdout
    with open(out) as f:
        tuned = json.load(f)
    assert tuned['split'] == 'train' and tuned['num_images'] == 2
    garments = {
        row['setting']['seed_thr']: row['garments_per_image']
        for row in tuned['rows']
    }
    assert garments[2.0] == 0 and garments[0.01] > 0
    aps = [row['metrics']['deepfashion2/AP'] for row in tuned['rows']]
    assert aps == sorted(aps, reverse=True)
    assert tuned['best'] == tuned['rows'][0]['setting']
    assert 'best: model = dict(head=dict(decoder=dict(seed_thr=' in stdout
    assert not list(tmp_path.glob('.*'))  # no temporary left


def test_unknown_setting_is_refused():
    tool = load_script(TOOL)

    def error(message):
        raise ValueError(message)

    assert tool.parse_grid(['seed_thr=0.1,0.2', 'max_instances=5'],
                           error) == dict(seed_thr=[0.1, 0.2],
                                          max_instances=[5])
    with pytest.raises(ValueError, match="'seed' is not a decoder setting"):
        tool.parse_grid(['seed=0.1'], error)
    with pytest.raises(ValueError, match='expected KEY=V1,V2'):
        tool.parse_grid(['seed_thr'], error)
    with pytest.raises(ValueError, match='must be floats'):
        tool.parse_grid(['seed_thr=low'], error)
