"""Tiny DeepFashion, FLD and DeepFashion2 roots in their native formats,
written by hand for the converter and dataset tests.

Each builder returns the root and, for the list-file datasets, the line
number of every bad row so that tests can look for ``file:line`` in the
warnings.
"""
import json
import os
import os.path as osp
import shutil
from typing import Dict, List, Sequence, Tuple

import cv2
import numpy as np

from ..conftest import SHARED_DATA

DF2_SAMPLE = osp.join(SHARED_DATA, 'deepfashion2', 'sample_annos',
                      'train_000001.json')


def write_image(path: str, width: int, height: int) -> None:
    """A blank image, with a bright block so it is not all one colour."""
    os.makedirs(osp.dirname(path), exist_ok=True)
    image = np.zeros((height, width, 3), np.uint8)
    image[height // 4:height * 3 // 4, width // 4:width * 3 // 4] = 200
    cv2.imwrite(path, image)


def truncate_image(path: str) -> None:
    """Cut a JPEG file in the middle of its compressed pixels: its header
    still reads, its pixels no longer decode."""
    with open(path, 'rb') as f:
        data = f.read()
    start_of_scan = data.index(b'\xff\xda')  # the headers end here
    with open(path, 'wb') as f:
        f.write(data[:(start_of_scan + len(data)) // 2])


def write_list(path: str, header: str, rows: Sequence[str]) -> None:
    """A list file: count line, header line, then the rows (line 3 on)."""
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(f'{len(rows)}\n{header}\n')
        f.writelines(f'{row}\n' for row in rows)


def attribute_row(name: str,
                  positives: Sequence[int],
                  num: int = 1000,
                  unknown: Sequence[int] = ()) -> str:
    values = ['-1'] * num
    for i in positives:
        values[i] = '1'
    for i in unknown:
        values[i] = '0'
    return f'{name} ' + ' '.join(values)


# DeepFashion C&A rows. The good ones: one garment per clothes type, with
# occluded and truncated landmarks; the truncated ones have coordinates that
# the converter must zero.
DF_GOOD = {
    'img/Blouse/img_00000001.jpg':
    dict(
        size=(120, 160),
        clothes_type=1,
        variation=1,
        split='train',
        bbox=(10, 12, 110, 150),
        category=3,
        attributes=(0, 5, 999),
        landmarks='0 30 20  1 90 22  2 5 5  0 100 60  0 20 140  1 95 141'),
    'img/Jeans/img_00000002.jpg':
    dict(
        size=(100, 200),
        clothes_type=2,
        variation=3,
        split='val',
        bbox=(5, 8, 95, 190),
        category=27,
        attributes=(),
        landmarks='0 20 10  0 80 11  1 25 180  2 70 185'),
    'img/Dress/img_00000003.jpg':
    dict(
        size=(140, 220),
        clothes_type=3,
        variation=2,
        split='test',
        bbox=(0, 0, 140, 220),
        category=41,
        attributes=(17, 400),
        landmarks='0 50 10  0 90 10  1 20 60  0 120 61  0 45 100  '
        '0 95 100  2 0 0  1 110 210'),
}
# Expected COCO keypoints of the good rows, written out by hand.
DF_EXPECTED_KEYPOINTS = {
    'img/Blouse/img_00000001.jpg':
    [30, 20, 2, 90, 22, 1, 0, 0, 0, 100, 60, 2, 20, 140, 2, 95, 141, 1],
    'img/Jeans/img_00000002.jpg': [20, 10, 2, 80, 11, 2, 25, 180, 1, 0, 0, 0],
    'img/Dress/img_00000003.jpg': [
        50, 10, 2, 90, 10, 2, 20, 60, 1, 120, 61, 2, 45, 100, 2, 95, 100, 2, 0,
        0, 0, 110, 210, 1
    ],
}


def build_deepfashion(root: str) -> Dict[str, Tuple[str, int]]:
    """Write a DeepFashion C&A root; return {reason: (list file, line)} of
    its bad rows."""
    anno = osp.join(root, 'Anno')
    os.makedirs(anno)
    for name in ('list_category_cloth.txt', 'list_attr_cloth.txt'):
        shutil.copy(osp.join(SHARED_DATA, 'deepfashion', name), anno)
    landmarks, bboxes, categories, attributes, splits = [], [], [], [], []
    for name, row in DF_GOOD.items():
        write_image(osp.join(root, name), *row['size'])
        landmarks.append(f'{name}  {row["clothes_type"]}  {row["variation"]}'
                         f'  {row["landmarks"]}')
        bboxes.append(f'{name}  ' + ' '.join(map(str, row['bbox'])))
        categories.append(f'{name}  {row["category"]}')
        # Two unknown (0) values: neither positive nor a bad row.
        attributes.append(
            attribute_row(name, row['attributes'], unknown=(1, 2)))
        splits.append(f'{name}  {row["split"]}')

    # Bad rows, each otherwise complete. Lines count from 3 (two header
    # lines), so the n-th row (0-based) sits on line n + 3.
    def complete(name: str,
                 landmark_row: str,
                 category: int = 1,
                 attrs: str = '',
                 split: str = 'train') -> None:
        write_image(osp.join(root, name), 50, 50)
        landmarks.append(landmark_row)
        bboxes.append(f'{name} 1 1 40 40')
        categories.append(f'{name} {category}')
        attributes.append(attrs or attribute_row(name, (1, )))
        splits.append(f'{name} {split}')

    bad = {}
    upper = '0 1 1  0 2 2  0 3 3  0 4 4  0 5 5  0 6 6'
    bad['wrong field count'] = ('list_landmarks.txt', len(landmarks) + 3)
    complete('img/Bad/field_count.jpg',
             'img/Bad/field_count.jpg 1 1 ' + upper + ' 0')
    bad['landmarks'] = ('list_landmarks.txt', len(landmarks) + 3)
    complete('img/Bad/lower_with_six.jpg',
             'img/Bad/lower_with_six.jpg 2 1 ' + upper)
    bad['category'] = ('list_category_img.txt', len(categories) + 3)
    complete(
        'img/Bad/category.jpg',
        'img/Bad/category.jpg 1 1 ' + upper,
        category=51)
    bad['attributes'] = ('list_attr_img.txt', len(attributes) + 3)
    complete(
        'img/Bad/attributes.jpg',
        'img/Bad/attributes.jpg 1 1 ' + upper,
        attrs=attribute_row('img/Bad/attributes.jpg', (), num=999))
    bad['split'] = ('list_eval_partition.txt', len(splits) + 3)
    complete(
        'img/Bad/split.jpg',
        'img/Bad/split.jpg 1 1 ' + upper,
        split='trainval')
    bad['image'] = ('list_landmarks.txt', len(landmarks) + 3)
    complete('img/Bad/no_image.jpg', 'img/Bad/no_image.jpg 1 1 ' + upper)
    os.remove(osp.join(root, 'img/Bad/no_image.jpg'))

    write_list(
        osp.join(anno, 'list_landmarks.txt'),
        'image_name  clothes_type  variation_type  '
        'landmark_visibility_1  landmark_location_x_1  '
        'landmark_location_y_1 ...', landmarks)
    write_list(
        osp.join(anno, 'list_bbox.txt'), 'image_name  x_1  y_1  x_2  y_2',
        bboxes)
    write_list(
        osp.join(anno, 'list_category_img.txt'), 'image_name  category_label',
        categories)
    write_list(
        osp.join(anno, 'list_attr_img.txt'), 'image_name  attribute_labels',
        attributes)
    write_list(
        osp.join(root, 'Eval', 'list_eval_partition.txt'),
        'image_name  evaluation_status', splits)
    return bad


# FLD rows: always 8 triplets in the full order, the slots a clothes type
# lacks given as '2 0 0'.
FLD_GOOD = {
    'img/img_00000001.jpg':
    dict(
        size=(200, 250),
        clothes_type=1,
        split='train',
        bbox=(20, 30, 180, 240),
        landmarks='0 60 40  0 140 40  1 30 100  0 170 100  2 0 0  2 0 0  '
        '0 50 230  2 150 231'),
    'img/img_00000002.jpg':
    dict(
        size=(200, 250),
        clothes_type=2,
        split='val',
        bbox=(30, 20, 170, 245),
        landmarks='2 0 0  2 0 0  2 0 0  2 0 0  0 60 30  1 140 30  '
        '0 40 240  0 160 240'),
    'img/img_00000003.jpg':
    dict(
        size=(180, 300),
        clothes_type=3,
        split='test',
        bbox=(0, 5, 180, 295),
        landmarks='0 70 10  0 110 10  0 20 80  0 160 80  1 60 140  '
        '1 120 140  0 30 290  0 150 290'),
}
FLD_EXPECTED_KEYPOINTS = {
    'img/img_00000001.jpg': [
        60, 40, 2, 140, 40, 2, 30, 100, 1, 170, 100, 2, 0, 0, 0, 0, 0, 0, 50,
        230, 2, 0, 0, 0
    ],
    'img/img_00000002.jpg': [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 30, 2, 140, 30, 1, 40, 240, 2,
        160, 240, 2
    ],
    'img/img_00000003.jpg': [
        70, 10, 2, 110, 10, 2, 20, 80, 2, 160, 80, 2, 60, 140, 1, 120, 140, 1,
        30, 290, 2, 150, 290, 2
    ],
}


def build_fld(root: str) -> Dict[str, Tuple[str, int]]:
    """Write an FLD root; return {reason: (list file, line)} of its bad
    rows."""
    landmarks, bboxes, splits = [], [], []
    for name, row in FLD_GOOD.items():
        write_image(osp.join(root, name), *row['size'])
        landmarks.append(f'{name} {row["clothes_type"]} 1 {row["landmarks"]}')
        bboxes.append(f'{name} ' + ' '.join(map(str, row['bbox'])))
        splits.append(f'{name} {row["split"]}')
    bad = {
        # An upper-body garment with a labelled waistline.
        'lacking slot': ('list_landmarks.txt', len(landmarks) + 3),
        'visibility': ('list_landmarks.txt', len(landmarks) + 4),
        'split': ('list_landmarks.txt', len(landmarks) + 5),
        'bbox': ('list_bbox.txt', len(bboxes) + 3),
    }
    full = '0 1 1  0 2 2  0 3 3  0 4 4  0 5 5  0 6 6  0 7 7  0 8 8'
    for name, row in (('img/bad_1.jpg', '1 1 ' + full),
                      ('img/bad_2.jpg',
                       '3 1 ' + full.replace('0 8 8', '3 8 8')),
                      ('img/bad_3.jpg', '3 1 ' + full), ('img/bad_4.jpg',
                                                         '3 1 ' + full)):
        write_image(osp.join(root, name), 50, 50)
        landmarks.append(f'{name} {row}')
    bboxes += [
        'img/bad_4.jpg 1 1 40', 'img/bad_1.jpg 1 1 40 40',
        'img/bad_2.jpg 1 1 40 40', 'img/bad_3.jpg 1 1 40 40'
    ]
    # bad_3 has no split row.
    splits += [
        'img/bad_1.jpg train', 'img/bad_2.jpg train', 'img/bad_4.jpg train'
    ]
    write_list(
        osp.join(root, 'Anno', 'list_landmarks.txt'),
        'image_name  clothes_type  variation_type  ...', landmarks)
    write_list(
        osp.join(root, 'Anno', 'list_bbox.txt'),
        'image_name  x_1  y_1  x_2  y_2', bboxes)
    write_list(
        osp.join(root, 'Eval', 'list_eval_partition.txt'),
        'image_name  evaluation_status', splits)
    return bad


# A validation item of category 9 (skirt, 8 landmarks, slots 182..189).
DF2_SKIRT = dict(
    category_id=9,
    category_name='skirt',
    style=2,
    bounding_box=[10, 20, 90, 140],
    landmarks=[
        20, 25, 2, 50, 22, 2, 80, 25, 2, 85, 80, 1, 88, 135, 2, 50, 138, 2, 12,
        135, 0, 0, 0, 0
    ],
    segmentation=[[10, 20, 90, 20, 90, 140, 10, 140]],
    scale=1,
    occlusion=1,
    zoom_in=1,
    viewpoint=2)


def build_deepfashion2(root: str) -> List[str]:
    """Write a DeepFashion2 root: the real train annotation with a blank
    468 x 624 image, and validation files with good and bad items; return
    the paths of the validation files (good, bad items, unreadable, no
    image)."""
    os.makedirs(osp.join(root, 'train', 'annos'))
    shutil.copy(DF2_SAMPLE, osp.join(root, 'train', 'annos', '000001.json'))
    write_image(osp.join(root, 'train', 'image', '000001.jpg'), 468, 624)

    val = osp.join(root, 'validation', 'annos')
    os.makedirs(val)
    paths = [osp.join(val, f'00000{i}.json') for i in range(1, 5)]
    bad_category = dict(DF2_SKIRT, category_id=14)
    bad_count = dict(DF2_SKIRT, landmarks=DF2_SKIRT['landmarks'][:-3])
    with open(paths[0], 'w') as f:
        json.dump(dict(source='shop', pair_id=7, item1=DF2_SKIRT), f)
    with open(paths[1], 'w') as f:
        json.dump(
            dict(
                source='user',
                pair_id=8,
                item1=bad_category,
                item2=bad_count,
                item3=DF2_SKIRT), f)
    with open(paths[2], 'w') as f:
        f.write('{"source": "user", "pair_id": ')
    with open(paths[3], 'w') as f:
        json.dump(dict(source='user', pair_id=9, item1=DF2_SKIRT), f)
    for i in (1, 2, 3):  # 000004 has no image
        write_image(
            osp.join(root, 'validation', 'image', f'00000{i}.jpg'), 100, 150)
    return paths
