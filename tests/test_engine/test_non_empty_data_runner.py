"""NonEmptyDataRunner: a single dataset with no sample is refused with an
error naming its file, where mmengine fails inside its serialisation."""
import os.path as osp

import pytest
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from mmfashion_lm.datasets import EmptyDatasetError
from mmfashion_lm.datasets.converters import convert_fld
from mmfashion_lm.engine import NonEmptyDataRunner
from ..conftest import requires_shared_data
from ..test_datasets.native_fixtures import build_fld

pytestmark = requires_shared_data


@pytest.fixture(autouse=True)
def mmpose_scope():
    init_default_scope('mmpose')


@pytest.fixture(scope='module')
def fld_root(tmp_path_factory):
    """FLD json with one garment in each split, and an empty split."""
    root = str(tmp_path_factory.mktemp('fld'))
    build_fld(root)
    convert_fld(root, osp.join(root, 'annotations'))
    with open(osp.join(root, 'annotations', 'fld_empty.json'), 'w') as f:
        f.write('{"images": [], "annotations": [], "categories": []}')
    return root


def dataloader(root, split, **dataset_kwargs):
    """The test dataloader of configs/_base_/dataloaders/fld_topdown.py on
    ``split``."""
    return dict(
        batch_size=2,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            type='DeepFashionDataset',
            subset='full',
            data_root=root,
            data_mode='topdown',
            ann_file=f'annotations/fld_{split}.json',
            data_prefix=dict(img=''),
            test_mode=True,
            **dataset_kwargs))


def test_mmengine_fails_inside_its_serialisation(fld_root):
    # what NonEmptyDataRunner replaces
    with pytest.raises(ValueError, match='need at least one array'):
        Runner.build_dataloader(dataloader(fld_root, 'empty'))


@pytest.mark.parametrize('dataset_kwargs', [
    dict(),
    dict(lazy_init=True),
    dict(serialize_data=False),
])
def test_empty_dataset_is_refused(fld_root, dataset_kwargs):
    with pytest.raises(EmptyDatasetError, match='holds no sample') as error:
        NonEmptyDataRunner.build_dataloader(
            dataloader(fld_root, 'empty', **dataset_kwargs))
    path = osp.join(fld_root, 'annotations', 'fld_empty.json')
    assert error.value.files == [path]
    assert str(error.value).startswith(
        f'DeepFashionDataset holds no sample: none in {path}.')


@pytest.mark.parametrize('serialize_data', [True, False])
def test_dataset_with_samples_is_built_as_configured(fld_root, serialize_data):
    loader = NonEmptyDataRunner.build_dataloader(
        dataloader(fld_root, 'test', serialize_data=serialize_data))
    dataset = loader.dataset
    assert dataset.serialize_data == serialize_data
    assert len(dataset.data_list) == (0 if serialize_data else 1)
    assert len(dataset) == 1 and len(loader) == 1
    assert dataset[0]['img_path'] == osp.join(fld_root, 'img/img_00000003.jpg')


def test_wrapper_without_serialize_data_is_built(fld_root):
    # mmengine's RepeatDataset takes no serialize_data: it is left alone
    test = dataloader(fld_root, 'test')
    loader = NonEmptyDataRunner.build_dataloader(
        dict(
            test,
            dataset=dict(
                type='RepeatDataset', times=2, dataset=test['dataset'])))
    assert len(loader.dataset) == 2


def test_runner_tests_an_empty_split(fld_root, tmp_path):
    """The runner refuses the empty split when it builds the test loop."""
    runner = NonEmptyDataRunner(
        model=dict(
            type='TopdownPoseEstimator',
            backbone=dict(type='ResNet', depth=18),
            head=dict(type='HeatmapHead', in_channels=512, out_channels=8)),
        work_dir=str(tmp_path),
        test_dataloader=dataloader(fld_root, 'empty'),
        test_cfg=dict(),
        test_evaluator=dict(type='FashionNEMetric'),
        default_scope='mmpose')
    with pytest.raises(EmptyDatasetError, match='fld_empty.json'):
        runner.test()
