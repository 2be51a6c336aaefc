"""NonEmptyCombinedDataset: DeepFashion-C's combined subsets when a split
lacks a clothes type, down to tools/test.py.

The native fixture holds one garment per split: a blouse (upper) in train,
jeans (lower) in val, a dress (full body) in test, so the test split's upper
and lower subsets are empty.
"""
import logging
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS, MODELS

from mmfashion_lm.datasets import EmptyDatasetError, NonEmptyCombinedDataset
from ..conftest import REPO_ROOT, requires_shared_data, run_tool

pytestmark = requires_shared_data

DATA_CONFIG = osp.join(REPO_ROOT, 'configs', '_base_', 'dataloaders',
                       'deepfashion-c_topdown.py')
LGR_CONFIG = osp.join(REPO_ROOT, 'configs', 'lgr',
                      'lgr_vgg16-stack4_deepfashion-c-224x224.py')


@pytest.fixture(autouse=True)
def mmpose_scope():
    init_default_scope('mmpose')


def combined_cfg(root, split, files=None, **kwargs):
    """The test dataset of deepfashion-c_topdown.py over ``root``: the
    subsets of ``split``, or ``files`` as (subset, ann_file) pairs."""
    cfg = Config.fromfile(DATA_CONFIG).test_dataloader.dataset
    files = files or [(name, f'annotations/deepfashion_{name}_{split}.json')
                      for name in ('upper', 'lower', 'full')]
    cfg.datasets.update(data_root=root, ann_file=dict(files))
    return dict(cfg, **kwargs)


def test_skips_empty_subsets(deepfashion_root, caplog):
    # mmengine's logger is outside logging's tree: caplog listens to it
    logger = MMLogger.get_current_instance()
    logger.addHandler(caplog.handler)
    try:
        dataset = DATASETS.build(combined_cfg(deepfashion_root, 'test'))
    finally:
        logger.removeHandler(caplog.handler)
    warnings = [
        record.getMessage() for record in caplog.records
        if record.levelno == logging.WARNING
    ]
    assert isinstance(dataset, NonEmptyCombinedDataset)
    assert warnings == [
        'NonEmptyCombinedDataset: skipped the empty subset DeepFashionDataset '
        f'of {deepfashion_root}/annotations/deepfashion_{subset}_test.json '
        '(no sample)' for subset in ('upper', 'lower')
    ]
    assert len(dataset) == 1 and dataset.lens == [1]
    [subset] = dataset.datasets
    assert subset.ann_file == osp.join(deepfashion_root, 'annotations',
                                       'deepfashion_full_test.json')
    # the subset kept is serialised, as its config (mmengine's default) asks
    assert subset.serialize_data and len(subset.data_address) == 1
    assert dataset.metainfo['dataset_name'] == 'deepfashion_full'
    assert dataset.metainfo['num_keypoints'] == 8
    info = dataset.get_data_info(0)
    assert info['img_path'].endswith('img/Dress/img_00000003.jpg')
    assert info['flip_indices'] == dataset.metainfo['flip_indices']
    # the subset's pipeline put its landmarks in the full-body slots
    assert dataset[0]['keypoints'].shape == (1, 8, 2)


def test_indices_and_ratios_of_the_subsets_kept(deepfashion_root):
    # blouse (upper slots), no garment, dress; the blouse sampled twice
    files = [('upper', 'annotations/deepfashion_upper_train.json'),
             ('lower', 'annotations/deepfashion_lower_test.json'),
             ('full', 'annotations/deepfashion_full_test.json')]
    dataset = DATASETS.build(
        combined_cfg(
            deepfashion_root, None, files, sample_ratio_factor=[2, 1, 1]))
    assert [subset.ann_file for subset in dataset.datasets
            ] == [osp.join(deepfashion_root, files[i][1]) for i in (0, 2)]
    assert len(dataset) == 3 and dataset.lens == [2, 1]
    names = [
        osp.basename(dataset.get_data_info(i)['img_path'])
        for i in (0, 1, 2, -1)
    ]
    assert names == ['img_00000001.jpg'] * 2 + ['img_00000003.jpg'] * 2
    with pytest.raises(ValueError, match='out of bounds'):
        dataset.get_data_info(3)
    # the blouse's 6 landmarks in their slots of the full-body layout
    blouse = dataset[0]['keypoints_visible'][0, :, 0]
    assert blouse.tolist() == [1, 1, 0, 1, 0, 0, 1, 1]


def test_no_sample_at_all_is_a_clear_error(deepfashion_root):
    files = [(name, 'annotations/deepfashion_upper_test.json')
             for name in ('upper', 'lower', 'full')]
    files[2] = ('full', 'annotations/deepfashion_full_train.json')
    with pytest.raises(EmptyDatasetError, match='holds no sample') as error:
        DATASETS.build(combined_cfg(deepfashion_root, None, files))
    assert error.value.files == [
        osp.join(deepfashion_root, ann_file) for _, ann_file in files
    ]
    for path in error.value.files:
        assert path in str(error.value)


def test_test_tool_on_full_body_garments_only(deepfashion_root, tmp_path):
    config = Config.fromfile(LGR_CONFIG)
    checkpoint = str(tmp_path / 'random.pth')
    torch.save(
        {
            'state_dict': MODELS.build(config.model).state_dict(),
            'meta': {}
        }, checkpoint)
    options = [
        f'test_dataloader.dataset.datasets.data_root={deepfashion_root}'
    ]
    proc = run_tool('tools/test.py', LGR_CONFIG, checkpoint, '--work-dir',
                    str(tmp_path / 'test'), '--cfg-options', *options,
                    'test_dataloader.num_workers=0',
                    'test_dataloader.persistent_workers=False',
                    'model.test_cfg.flip_test=False')
    for subset in ('upper', 'lower'):
        assert f'deepfashion_{subset}_test.json (no sample)' in proc.stdout
    assert 'NonEmptyCombinedDataset: skipped the empty subset' in proc.stdout
    assert 'Epoch(test) [1/1]' in proc.stdout
    assert 'NE: ' in proc.stdout and 'NE/left collar: ' in proc.stdout


def test_label_names_join_the_combined_metainfo(deepfashion_root):
    cfg = combined_cfg(deepfashion_root, 'test')
    cfg['datasets'].update(
        dataset_type='DeepFashionCADataset',
        attribute_file='Anno/list_attr_cloth.txt',
        category_file='Anno/list_category_cloth.txt')
    meta = DATASETS.build(cfg).metainfo
    # DeepFashion's real list files (copied by the fixture)
    assert len(meta['category_names']) == 50
    assert meta['category_names'][0] == 'Anorak'
    assert len(meta['attribute_names']) == 1000
    assert sorted(set(meta['attribute_groups'].tolist())) == [1, 2, 3, 4, 5]


def test_label_files_need_the_category_attribute_dataset(deepfashion_root):
    cfg = combined_cfg(deepfashion_root, 'test')
    cfg['datasets'].update(attribute_file='Anno/list_attr_cloth.txt')
    with pytest.raises(ValueError, match='only DeepFashionCADataset'):
        DATASETS.build(cfg)
