"""The bottom-up data pieces (configs/_base_/dataloaders/*_bottomup*.py with
configs/_base_/pipelines/bottomup_square-crop.py) build and load the
synthetic set: one sample per image, the layout's keypoints, the flags."""
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS, METRICS

from mmfashion_lm.datasets.converters import (convert_deepfashion,
                                              convert_deepfashion2,
                                              convert_fld)
from mmfashion_lm.datasets.synthetic import generate_synthfashion
from ..conftest import REPO_ROOT

BASE = osp.join(REPO_ROOT, 'configs', '_base_')
INPUT = 65

# dataloader file: (keypoints, layout root, how data_root is set)
DATALOADERS = {
    'deepfashion-c_bottomup': (8, 'deepfashion', 'datasets'),
    'deepfashion-c_bottomup_upper': (6, 'deepfashion', 'datasets'),
    'deepfashion-c_bottomup_lower': (4, 'deepfashion', 'datasets'),
    'deepfashion-c_bottomup_full': (8, 'deepfashion', 'datasets'),
    'fld_bottomup': (8, 'fld', 'dataset'),
    'synthfashion-multi-garment_bottomup': (8, 'deepfashion2', 'dataset'),
    'deepfashion2_bottomup': (294, 'deepfashion2', 'dataset'),
}

CHILD = """
_base_ = ['{base}/dataloaders/{name}.py',
          '{base}/pipelines/bottomup_square-crop.py']
affine = dict(_base_.square_crop, input_size=({size}, {size}))
# the codec's GenerateTarget would come after the mask
train_pipeline = [
    *_base_.train_transforms, affine, _base_.flip, _base_.heatmap_mask,
    _base_.pack_inputs
]
val_pipeline = [
    *_base_.val_transforms,
    dict(_base_.{val}, input_size=({size}, {size})), _base_.pack_inputs
]
train_dataloader = dict(dataset=dict({root}, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict({root}, pipeline=val_pipeline))
"""


@pytest.fixture(scope='module')
def synthfashion(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('synthfashion'))
    generate_synthfashion(root, num_images=200, seed=1, image_size=(96, 96))
    for convert, layout in ((convert_deepfashion, 'deepfashion'),
                            (convert_fld, 'fld'),
                            (convert_deepfashion2, 'deepfashion2')):
        convert(osp.join(root, layout), osp.join(root, layout, 'annotations'))
    return root


@pytest.mark.parametrize('name', sorted(DATALOADERS))
def test_bottomup_dataloader_loads_the_synthetic_set(name, synthfashion,
                                                     tmp_path):
    init_default_scope('mmpose')
    num_keypoints, layout, key = DATALOADERS[name]
    data_root = osp.join(synthfashion, layout) + '/'
    root = (f"datasets=dict(data_root='{data_root}')"
            if key == 'datasets' else f"data_root='{data_root}'")
    val = 'box_crop' if name.startswith(('deepfashion-c', 'fld')) \
        else 'resize'
    path = tmp_path / f'{name}_child.py'
    path.write_text(
        CHILD.format(base=BASE, name=name, size=INPUT, val=val, root=root))
    cfg = Config.fromfile(str(path))
    assert cfg.data_mode == 'bottomup'

    for split in ('train', 'val'):
        dataset = DATASETS.build(cfg[f'{split}_dataloader'].dataset)
        assert dataset.metainfo['num_keypoints'] == num_keypoints
        # one sample per image
        assert len({dataset.get_data_info(i)['img_path']
                    for i in range(len(dataset))}) == len(dataset)
        results = dataset[0]
        assert results['inputs'].shape == (3, INPUT, INPUT)
        gt = results['data_samples'].gt_instances
        assert gt.keypoints.shape[1:] == (num_keypoints, 2)
        assert gt.keypoints_visibility.shape == gt.keypoints.shape[:2]
    evaluators = cfg.val_evaluator
    for evaluator in (evaluators if isinstance(evaluators, list) else
                      [evaluators]):
        METRICS.build(evaluator)
