import os.path as osp

import pytest

from mmfashion_lm.datasets.converters import convert_deepfashion
from .native_fixtures import build_deepfashion


@pytest.fixture(scope='session')
def deepfashion_root(tmp_path_factory):
    """The native DeepFashion-C fixture converted to COCO-style json (one
    garment per split: a blouse in train, jeans in val, a dress in test)."""
    root = str(tmp_path_factory.mktemp('deepfashion'))
    build_deepfashion(root)
    convert_deepfashion(root, osp.join(root, 'annotations'))
    return root
