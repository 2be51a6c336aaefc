"""The synthetic layouts parse back with the real formats' rules
(docs/formats_contract.md), read here without the generator's code."""
import json
import os
import os.path as osp
import re
from collections import Counter, defaultdict

import cv2
import pytest

from mmfashion_lm.datasets.synthetic import generate_synthfashion
from mmfashion_lm.datasets.metainfo.deepfashion2 import \
    TABLE_FILE as DF2_CATEGORY_TABLE

NUM_IMAGES = 40
SIZE = (160, 128)  # (width, height): not square, to catch x/y mix-ups
WIDTH, HEIGHT = SIZE
TRIPLETS = {1: 6, 2: 4, 3: 8}  # landmarks per DeepFashion clothes type
# Full-layout slots each clothes type annotates (the others are absent).
SLOTS = {1: (0, 1, 2, 3, 6, 7), 2: (4, 5, 6, 7), 3: tuple(range(8))}
LANDMARK_HEADER = ['image_name', 'clothes_type', 'variation_type'] + [
    f'{field}_{i}' for i in range(1, 9)
    for field in ('landmark_visibility', 'landmark_location_x',
                  'landmark_location_y')
]
DF2_ITEM_KEYS = {
    'category_id', 'category_name', 'style', 'bounding_box', 'landmarks',
    'segmentation', 'scale', 'occlusion', 'zoom_in', 'viewpoint',
    # the synthetic set's extension: the 8 DeepFashion landmarks
    'deepfashion_landmarks'
}
# DeepFashion clothes type of each DeepFashion2 category: tops, outwear,
# vests, slings upper; shorts, trousers, skirts lower; dresses full.
DF2_CLOTHES_TYPES = {
    **dict.fromkeys(range(1, 7), 1),
    **dict.fromkeys(range(7, 10), 2),
    **dict.fromkeys(range(10, 14), 3)
}


@pytest.fixture(scope='module')
def root(tmp_path_factory):
    out = str(tmp_path_factory.mktemp('synthfashion'))
    generate_synthfashion(out, num_images=NUM_IMAGES, seed=1, image_size=SIZE)
    return out


def read_list(path):
    """(header fields, rows) of a list file; the count line must match."""
    with open(path) as f:
        lines = f.read().splitlines()
    rows = [line.split() for line in lines[2:] if line.strip()]
    assert int(lines[0]) == len(rows), path
    return lines[1].split(), rows


def check_image(path):
    image = cv2.imread(path)
    assert image is not None, path
    assert image.shape == (HEIGHT, WIDTH, 3)


def parse_landmarks(row):
    """name, clothes type, variation, [(vis, x, y)] of a landmark row."""
    values = [int(v) for v in row[1:]]
    assert (len(values) - 2) % 3 == 0
    triplets = [tuple(values[i:i + 3]) for i in range(2, len(values), 3)]
    for vis, x, y in triplets:
        assert vis in (0, 1, 2)
        if vis == 2:
            assert (x, y) == (0, 0)
        else:
            assert 0 <= x < WIDTH and 0 <= y < HEIGHT
    assert values[0] in (1, 2, 3) and 1 <= values[1] <= 5
    return row[0], values[0], triplets


def check_boxes(layout_root, landmarks):
    """Boxes inside the image, holding every landmark that is in it."""
    header, rows = read_list(osp.join(layout_root, 'Anno', 'list_bbox.txt'))
    assert header == ['image_name', 'x_1', 'y_1', 'x_2', 'y_2']
    assert {row[0] for row in rows} == set(landmarks)
    for row in rows:
        x1, y1, x2, y2 = map(int, row[1:])
        assert 0 <= x1 <= x2 < WIDTH and 0 <= y1 <= y2 < HEIGHT
        for vis, x, y in landmarks[row[0]]:
            if vis != 2:
                assert x1 <= x <= x2 and y1 <= y <= y2


def check_partition(layout_root, names):
    header, rows = read_list(
        osp.join(layout_root, 'Eval', 'list_eval_partition.txt'))
    assert header == ['image_name', 'evaluation_status']
    assert {row[0] for row in rows} == set(names)
    assert Counter(row[1] for row in rows) == {
        'train': 32,
        'val': 4,
        'test': 4
    }


def test_deepfashion_layout(root):
    base = osp.join(root, 'deepfashion')
    header, rows = read_list(osp.join(base, 'Anno', 'list_landmarks.txt'))
    assert header == LANDMARK_HEADER and len(rows) == NUM_IMAGES
    landmarks, types = {}, {}
    for row in rows:
        name, clothes_type, triplets = parse_landmarks(row)
        assert re.fullmatch(r'img/[A-Za-z-]+(_[A-Za-z-]+)*/img_\d{8}\.jpg',
                            name)
        assert len(triplets) == TRIPLETS[clothes_type]
        check_image(osp.join(base, name))
        landmarks[name], types[name] = triplets, clothes_type
    assert set(types.values()) == {1, 2, 3}
    check_boxes(base, landmarks)
    check_partition(base, landmarks)

    _, categories = read_list(
        osp.join(base, 'Anno', 'list_category_cloth.txt'))
    assert len(categories) == 50
    header, rows = read_list(osp.join(base, 'Anno', 'list_category_img.txt'))
    assert header == ['image_name', 'category_label']
    assert {row[0] for row in rows} == set(landmarks)
    for name, label in rows:
        assert 1 <= int(label) <= 50
        assert int(categories[int(label) - 1][-1]) == types[name]

    _, attributes = read_list(osp.join(base, 'Anno', 'list_attr_cloth.txt'))
    assert len(attributes) == 1000
    header, rows = read_list(osp.join(base, 'Anno', 'list_attr_img.txt'))
    assert header == ['image_name', 'attribute_labels']
    assert {row[0] for row in rows} == set(landmarks)
    for row in rows:
        assert len(row) == 1001 and set(row[1:]) <= {'1', '-1', '0'}
        assert row.count('1') >= 2  # at least a print and a fabric


def test_fld_layout(root):
    base = osp.join(root, 'fld')
    header, rows = read_list(osp.join(base, 'Anno', 'list_landmarks.txt'))
    assert header == LANDMARK_HEADER and len(rows) == NUM_IMAGES
    landmarks = {}
    for row in rows:
        name, clothes_type, triplets = parse_landmarks(row)
        assert re.fullmatch(r'img/img_\d{8}\.jpg', name)
        assert len(triplets) == 8
        for slot, triplet in enumerate(triplets):
            if slot not in SLOTS[clothes_type]:
                assert triplet == (2, 0, 0)
        check_image(osp.join(base, name))
        landmarks[name] = triplets
    check_boxes(base, landmarks)
    check_partition(base, landmarks)


def _df2_table():
    with open(DF2_CATEGORY_TABLE) as f:
        return {row['category_id']: row for row in json.load(f)}


def test_deepfashion2_layout(root):
    base = osp.join(root, 'deepfashion2')
    table = _df2_table()
    splits, items_per_image = defaultdict(set), []
    for split in ('train', 'validation'):
        images = sorted(os.listdir(osp.join(base, split, 'image')))
        annos = sorted(os.listdir(osp.join(base, split, 'annos')))
        assert [n[:-4] for n in images] == [n[:-5] for n in annos]
        assert images[0] == '000001.jpg'
        for anno in annos:
            check_image(osp.join(base, split, 'image', anno[:-5] + '.jpg'))
            with open(osp.join(base, split, 'annos', anno)) as f:
                record = json.load(f)
            assert record['source'] in ('shop', 'user')
            splits[record['pair_id']].add(split)
            items = [
                record[f'item{i}'] for i in range(1, 4) if f'item{i}' in record
            ]
            assert set(record) == {'source', 'pair_id'} | {
                f'item{i}'
                for i in range(1,
                               len(items) + 1)
            }
            items_per_image.append(len(items))
            assert sum(item['style'] for item in items) == 1
            for item in items:
                check_df2_item(item, table)
    assert len(items_per_image) == NUM_IMAGES
    assert set(items_per_image) <= {1, 2, 3} and max(items_per_image) >= 2
    # a consumer-to-shop pair never spans two splits
    assert all(len(s) == 1 for s in splits.values())


def check_df2_item(item, table):
    assert set(item) == DF2_ITEM_KEYS
    category = table[item['category_id']]
    assert item['category_name'] == category['annotation_name']
    landmarks = item['landmarks']
    assert len(landmarks) == 3 * category['num_landmarks']
    x1, y1, x2, y2 = item['bounding_box']
    assert 0 <= x1 <= x2 < WIDTH and 0 <= y1 <= y2 < HEIGHT
    for x, y, v in zip(landmarks[0::3], landmarks[1::3], landmarks[2::3]):
        assert v in (0, 1, 2)
        if v == 0:
            assert (x, y) == (0, 0)
        else:
            assert x1 <= x <= x2 and y1 <= y <= y2
    # the 8 DeepFashion landmarks, the same codes; slots the item's clothes
    # type lacks unlabelled
    fld = item['deepfashion_landmarks']
    assert len(fld) == 24 and all(isinstance(v, int) for v in fld)
    slots = SLOTS[DF2_CLOTHES_TYPES[item['category_id']]]
    for slot, (x, y, v) in enumerate(zip(fld[0::3], fld[1::3], fld[2::3])):
        assert v in (0, 1, 2)
        if v == 0:
            assert (x, y) == (0, 0)
        else:
            assert slot in slots
            assert x1 <= x <= x2 and y1 <= y <= y2
    for polygon in item['segmentation']:
        assert len(polygon) >= 6 and len(polygon) % 2 == 0
        assert all(0 <= x < WIDTH for x in polygon[0::2])
        assert all(0 <= y < HEIGHT for y in polygon[1::2])
    for key in ('scale', 'occlusion', 'zoom_in'):
        assert item[key] in (1, 2, 3)
    assert item['viewpoint'] in (1, 2) and item['style'] in (0, 1)


def test_nothing_is_left_half_written(root):
    for _, _, files in os.walk(root):
        for name in files:
            assert not name.startswith('.') and '.tmp' not in name
