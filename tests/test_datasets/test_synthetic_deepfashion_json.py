"""The synthetic DeepFashion2 items' DeepFashion landmarks
(``deepfashion_landmarks``, an extension of the real format) and the
8-landmark json the DeepFashion2 converter writes from them."""
import json
import logging
import os
import os.path as osp

import pytest

from mmfashion_lm.datasets.converters import convert_deepfashion2
from mmfashion_lm.datasets.converters.report import (BAD_VALUE,
                                                     LANDMARK_MISMATCH)
from mmfashion_lm.datasets.metainfo import deepfashion, deepfashion2
from mmfashion_lm.datasets.synthetic import KINDS, generate_synthfashion

SPLITS = ('train', 'validation')


def load(path):
    with open(path) as f:
        return json.load(f)


@pytest.fixture(scope='module')
def converted(tmp_path_factory):
    """A small synthetic DeepFashion2 layout and its converted json."""
    root = str(tmp_path_factory.mktemp('synthfashion'))
    generate_synthfashion(
        root, num_images=24, seed=5, image_size=(96, 80),
        layouts=['deepfashion2'])
    base = osp.join(root, 'deepfashion2')
    out = osp.join(base, 'annotations')
    convert_deepfashion2(base, out)
    return base, out


def native_items(base, split):
    """(image file name, item) of a split, in the converter's order."""
    items = []
    anno_dir = osp.join(base, split, 'annos')
    for name in sorted(os.listdir(anno_dir)):
        record = load(osp.join(anno_dir, name))
        numbers = sorted(int(key[4:]) for key in record
                         if key.startswith('item'))
        items += [(f'{split}/image/{name[:-5]}.jpg', record[f'item{n}'])
                  for n in numbers]
    return items


def test_category_subsets_are_the_generators():
    """The converter's clothes type of each DeepFashion2 category is the
    body part the generator draws that category's landmarks for."""
    for kind in KINDS.values():
        assert deepfashion2.DEEPFASHION_SUBSETS[kind.df2_category_id] == \
            kind.body_part
    assert sorted(deepfashion2.DEEPFASHION_SUBSETS) == list(range(1, 14))


@pytest.mark.parametrize('split', SPLITS)
def test_deepfashion_json_holds_the_items_landmarks(converted, split):
    base, out = converted
    main = load(osp.join(out, f'deepfashion2_{split}.json'))
    data = load(osp.join(out, f'deepfashion2_{split}_deepfashion.json'))
    items = native_items(base, split)
    assert len(items) == len(data['annotations']) == len(main['annotations'])
    # the same images and items, with the same ids
    assert data['images'] == main['images']
    assert data['categories'] == [
        dict(
            id=1,
            name='clothes',
            supercategory='clothes',
            keypoints=list(deepfashion.LANDMARKS),
            skeleton=[])
    ]
    file_names = {image['id']: image['file_name'] for image in data['images']}
    clothes_types = {'upper': 1, 'lower': 2, 'full': 3}
    for (file_name, item), ann, main_ann in zip(items, data['annotations'],
                                                main['annotations']):
        assert file_names[ann['image_id']] == file_name
        for key in ('id', 'image_id', 'bbox', 'area', 'iscrowd', 'style',
                    'pair_id', 'segmentation', 'df2_category_id'):
            assert ann[key] == main_ann[key], key
        assert ann['category_id'] == 1
        assert ann['keypoints'] == item['deepfashion_landmarks']
        assert ann['num_keypoints'] == sum(
            v > 0 for v in item['deepfashion_landmarks'][2::3])
        assert ann['clothes_type'] == clothes_types[
            deepfashion2.DEEPFASHION_SUBSETS[item['category_id']]]
    # several garments per image: the multi-garment set
    per_image = [ann['image_id'] for ann in data['annotations']]
    assert max(per_image.count(i) for i in set(per_image)) >= 2


def _rewrite_first_item(base, split, **changes):
    """Change (or, with value None, remove) fields of the first item of a
    split's first annotation file."""
    anno_dir = osp.join(base, split, 'annos')
    path = osp.join(anno_dir, sorted(os.listdir(anno_dir))[0])
    record = load(path)
    for key, value in changes.items():
        if value is None:
            del record['item1'][key]
        else:
            record['item1'][key] = value
    with open(path, 'w') as f:
        json.dump(record, f)
    return path, record['item1']


def test_no_json_when_an_item_lacks_the_field(tmp_path):
    """Real DeepFashion2 has no such field: a split of which one item lacks
    it gets no 8-landmark json; the main json is as before."""
    root = str(tmp_path)
    generate_synthfashion(
        root, num_images=8, seed=2, image_size=(64, 64),
        layouts=['deepfashion2'])
    base = osp.join(root, 'deepfashion2')
    _rewrite_first_item(base, 'train', deepfashion_landmarks=None)
    out = osp.join(base, 'annotations')
    report = convert_deepfashion2(base, out)
    assert report.num_skipped == 0
    written = sorted(os.listdir(out))
    assert 'deepfashion2_train_deepfashion.json' not in written
    assert 'deepfashion2_train.json' in written
    assert len(load(osp.join(out, 'deepfashion2_train.json'))
               ['annotations']) == len(native_items(base, 'train'))


@pytest.mark.parametrize(
    'value, reason',
    [([0, 0, 0] * 7, LANDMARK_MISMATCH), ([0, 0, 3] * 8, BAD_VALUE),
     ('landmarks', BAD_VALUE)])
def test_bad_field_skips_the_item(tmp_path, caplog, value, reason):
    root = str(tmp_path)
    generate_synthfashion(
        root, num_images=8, seed=2, image_size=(64, 64),
        layouts=['deepfashion2'])
    base = osp.join(root, 'deepfashion2')
    path, _ = _rewrite_first_item(base, 'train', deepfashion_landmarks=value)
    with caplog.at_level(logging.WARNING):
        report = convert_deepfashion2(base, osp.join(base, 'annotations'))
    assert report.skipped == {reason: 1}
    assert any(r.getMessage().startswith(f'{path}:item1: {reason}')
               for r in caplog.records)


def test_labelled_slot_the_clothes_type_lacks_is_a_bad_item(tmp_path):
    """A lower-body item (trousers) labelling a collar is refused, as an
    FLD row would be."""
    root = str(tmp_path)
    generate_synthfashion(
        root, num_images=8, seed=2, image_size=(64, 64),
        layouts=['deepfashion2'])
    base = osp.join(root, 'deepfashion2')
    landmarks = [0, 0, 0] * 8
    landmarks[:3] = [10, 10, 2]  # left collar
    _rewrite_first_item(
        base,
        'train',
        category_id=8,
        landmarks=[0, 0, 0] * 14,
        deepfashion_landmarks=landmarks)
    report = convert_deepfashion2(base, osp.join(base, 'annotations'))
    assert report.skipped == {LANDMARK_MISMATCH: 1}
