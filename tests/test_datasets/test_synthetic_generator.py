"""Determinism of the synthetic generator and its command line."""
import os
import os.path as osp

import cv2
import pytest

from mmfashion_lm.datasets.synthetic import generate_synthfashion
from ..conftest import run_tool

NUM_IMAGES = 12
SIZE = (96, 80)


def _files(root):
    """Relative path -> bytes of every file under ``root``."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = osp.join(folder, name)
            with open(path, 'rb') as f:
                files[osp.relpath(path, root)] = f.read()
    return files


@pytest.fixture(scope='module')
def first_run(tmp_path_factory):
    out = str(tmp_path_factory.mktemp('first'))
    generate_synthfashion(out, NUM_IMAGES, seed=3, image_size=SIZE)
    return _files(out)


def test_same_seed_same_bytes_with_any_workers(first_run, tmp_path):
    generate_synthfashion(
        str(tmp_path), NUM_IMAGES, seed=3, image_size=SIZE, workers=2)
    second_run = _files(str(tmp_path))
    assert sorted(second_run) == sorted(first_run)
    for path, data in first_run.items():
        assert second_run[path] == data, path
    images = [p for p in first_run if p.endswith('.jpg')]
    assert len(images) == 3 * NUM_IMAGES


def test_another_seed_other_images(first_run, tmp_path):
    generate_synthfashion(
        str(tmp_path), NUM_IMAGES, seed=4, image_size=SIZE, layouts=['fld'])
    other = _files(str(tmp_path))
    changed = [
        p for p in other if p.endswith('.jpg') and other[p] != first_run[p]
    ]
    assert len(changed) == NUM_IMAGES


def test_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match='seed'):
        generate_synthfashion(str(tmp_path), 2, seed=-1)
    with pytest.raises(ValueError, match='unknown layouts'):
        generate_synthfashion(str(tmp_path), 2, layouts=['coco'])


def test_command_line(tmp_path):
    out = str(tmp_path / 'synth')
    proc = run_tool('tools/misc/generate_synthfashion.py', '--out', out,
                    '--num-images', '3', '--seed', '2', '--image-size', '64',
                    '48')
    assert 'wrote deepfashion, fld, deepfashion2' in proc.stdout
    image = cv2.imread(osp.join(out, 'fld', 'img', 'img_00000003.jpg'))
    assert image.shape == (48, 64, 3)
    for layout in ('deepfashion', 'fld'):
        with open(osp.join(out, layout, 'Anno', 'list_landmarks.txt')) as f:
            assert f.readline().strip() == '3'
    assert osp.isfile(
        osp.join(out, 'deepfashion2', 'train', 'annos', '000001.json'))
