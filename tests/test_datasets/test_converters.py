import json
import logging
import os
import os.path as osp
import sys
from collections import Counter

import pytest
from PIL import Image

from mmfashion_lm.datasets.converters import (BadRow, convert_deepfashion,
                                              convert_deepfashion2,
                                              convert_fld, read_image_size,
                                              read_list_file)
from mmfashion_lm.datasets.converters.cli import run_converter
from mmfashion_lm.datasets.converters.report import (
    BAD_VALUE, LANDMARK_MISMATCH, MISSING_IMAGE, OUT_OF_RANGE, UNKNOWN_SPLIT,
    UNREADABLE_FILE, WRONG_ATTRIBUTE_COUNT, WRONG_FIELD_COUNT, missing_from)
from ..conftest import requires_shared_data, run_tool
from .native_fixtures import (DF2_SKIRT, DF_EXPECTED_KEYPOINTS, DF_GOOD,
                              FLD_EXPECTED_KEYPOINTS, FLD_GOOD,
                              build_deepfashion, build_deepfashion2, build_fld,
                              truncate_image, write_image)

pytestmark = requires_shared_data

SUBSETS = {1: 'upper', 2: 'lower', 3: 'full'}


def load(path):
    with open(path) as f:
        return json.load(f)


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records if r.levelname == 'WARNING']


def assert_reported(messages, path, line):
    """One warning names ``path:line`` and says the row was skipped."""
    where = f'{path}:{line}:'
    assert any(
        m.startswith(where) and m.endswith('row skipped')
        for m in messages), (where, messages)


def test_read_list_file(tmp_path, caplog):
    path = str(tmp_path / 'list.txt')
    # Names with spaces and trailing spaces, as in list_attr_cloth.txt, and
    # a count line that is off by one.
    with open(path, 'w') as f:
        f.write('3\nattribute_name  attribute_type\n'
                'a-line                       3\n'
                '\n'
                'abstract chevron print       1   \n')
    with caplog.at_level(logging.WARNING):
        rows = list(read_list_file(path))
    assert [row.fields
            for row in rows] == [('a-line', '3'),
                                 ('abstract', 'chevron', 'print', '1')]
    assert [row.where for row in rows] == [f'{path}:3', f'{path}:5']
    assert warnings_of(caplog) == [
        f"{path}:1: the count line says '3', the file has 2 rows"
    ]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='list_landmarks.txt'):
        convert_fld(str(tmp_path), str(tmp_path / 'out'))
    with pytest.raises(FileNotFoundError, match='list_category_cloth.txt'):
        convert_deepfashion(str(tmp_path), str(tmp_path / 'out'))
    with pytest.raises(FileNotFoundError, match='validation/annos'):
        convert_deepfashion2(str(tmp_path), str(tmp_path / 'out'))
    assert not osp.exists(tmp_path / 'out')


BUILDERS = dict(
    deepfashion=build_deepfashion,
    fld=build_fld,
    deepfashion2=build_deepfashion2)


def build_root(tmp_path, dataset):
    """Build the native fixture of ``dataset``; return its root."""
    root = str(tmp_path / dataset)
    BUILDERS[dataset](root)
    return root


def test_read_image_size(tmp_path):
    """Only decoding catches a file cut short after its header; a file that
    is missing, empty or not an image fails either way."""
    good = str(tmp_path / 'good.jpg')
    write_image(good, 40, 30)
    truncated = str(tmp_path / 'truncated.jpg')
    write_image(truncated, 40, 30)
    truncate_image(truncated)
    garbage = str(tmp_path / 'garbage.jpg')
    with open(garbage, 'wb') as f:
        f.write(bytes(range(256)) * 4)
    empty = str(tmp_path / 'empty.jpg')
    open(empty, 'wb').close()
    missing = str(tmp_path / 'missing.jpg')

    assert read_image_size(good) == (40, 30)
    assert read_image_size(good, decode=True) == (40, 30)
    assert read_image_size(truncated) == (40, 30)
    unreadable = [(truncated, True)]
    unreadable += [(path, decode) for path in (garbage, empty, missing)
                   for decode in (False, True)]
    for path, decode in unreadable:
        with pytest.raises(BadRow) as error:
            read_image_size(path, decode=decode)
        assert error.value.reason == MISSING_IMAGE
        assert path in error.value.detail


# Per dataset: a good image to cut short and one to delete, each with the
# rows that reference it (file relative to the root, line or item).
LANDMARK_LIST = 'Anno/list_landmarks.txt'
DAMAGED_IMAGES = dict(
    fld=dict(
        truncated=('img/img_00000001.jpg', [(LANDMARK_LIST, 3)]),
        missing=('img/img_00000002.jpg', [(LANDMARK_LIST, 4)])),
    deepfashion=dict(
        truncated=('img/Blouse/img_00000001.jpg', [(LANDMARK_LIST, 3)]),
        missing=('img/Jeans/img_00000002.jpg', [(LANDMARK_LIST, 4)])),
    # The real sample's image holds two items: it is decoded once, and
    # both are skipped.
    deepfashion2=dict(
        truncated=('train/image/000001.jpg',
                   [('train/annos/000001.json', 'item1'),
                    ('train/annos/000001.json', 'item2')]),
        missing=('validation/image/000001.jpg',
                 [('validation/annos/000001.json', 'item1')])),
)
CONVERTERS = dict(
    deepfashion=convert_deepfashion,
    fld=convert_fld,
    deepfashion2=convert_deepfashion2)


def image_names(out_dir):
    """The images of every json in ``out_dir``."""
    return {
        image['file_name']
        for name in os.listdir(out_dir)
        for image in load(osp.join(out_dir, name))['images']
    }


@pytest.mark.parametrize('dataset', list(DAMAGED_IMAGES))
def test_check_images(tmp_path, caplog, monkeypatch, dataset):
    """A truncated and a missing image are both reported at the rows that
    reference them and counted; every other row converts."""
    convert = CONVERTERS[dataset]
    truncated, truncated_rows = DAMAGED_IMAGES[dataset]['truncated']
    missing, missing_rows = DAMAGED_IMAGES[dataset]['missing']
    root = build_root(tmp_path, dataset)
    intact_out = str(tmp_path / 'intact')
    intact = convert(root, intact_out)
    truncate_image(osp.join(root, truncated))
    os.remove(osp.join(root, missing))

    # Without the flag only the header is read, which the cut file still has.
    unchecked = convert(root, str(tmp_path / 'unchecked'))
    assert unchecked.num_converted == intact.num_converted - len(missing_rows)

    opened = Counter()
    open_image = Image.open

    def counting_open(path, *args, **kwargs):
        opened[path] += 1
        return open_image(path, *args, **kwargs)

    monkeypatch.setattr(Image, 'open', counting_open)
    out = str(tmp_path / 'checked')
    with caplog.at_level(logging.WARNING):
        checked = convert(root, out, check_images=True)

    # Every image opened once, the one behind two DeepFashion2 items too.
    assert set(opened.values()) == {1}
    damaged_rows = truncated_rows + missing_rows
    assert checked.num_converted == intact.num_converted - len(damaged_rows)
    assert checked.skipped == intact.skipped + Counter(
        {MISSING_IMAGE: len(damaged_rows)})
    assert f'skipped, {MISSING_IMAGE}: ' \
        f'{checked.skipped[MISSING_IMAGE]}' in checked.summary()
    messages = warnings_of(caplog)
    for image, rows in ((truncated, truncated_rows), (missing, missing_rows)):
        for file_name, line in rows:
            where = f'{osp.join(root, file_name)}:{line}: {MISSING_IMAGE} ('
            assert any(
                m.startswith(where) and osp.join(root, image) in m
                for m in messages), (where, messages)
    assert image_names(out) == image_names(intact_out) - {truncated, missing}


def test_deepfashion(tmp_path, caplog):
    root = str(tmp_path / 'deepfashion')
    bad = build_deepfashion(root)
    out = str(tmp_path / 'out')
    with caplog.at_level(logging.WARNING):
        report = convert_deepfashion(root, out)

    assert sorted(os.listdir(out)) == sorted(
        f'deepfashion_{subset}_{split}.json'
        for subset in ('upper', 'lower', 'full')
        for split in ('train', 'val', 'test'))
    for name, row in DF_GOOD.items():
        subset = SUBSETS[row['clothes_type']]
        data = load(osp.join(out, f'deepfashion_{subset}_{row["split"]}.json'))
        width, height = row['size']
        assert data['images'] == [
            dict(id=1, file_name=name, width=width, height=height)
        ]
        x1, y1, x2, y2 = row['bbox']
        keypoints = DF_EXPECTED_KEYPOINTS[name]
        assert data['annotations'] == [
            dict(
                id=1,
                image_id=1,
                category_id=1,
                bbox=[x1, y1, x2 - x1, y2 - y1],
                area=(x2 - x1) * (y2 - y1),
                iscrowd=0,
                num_keypoints=sum(v > 0 for v in keypoints[2::3]),
                keypoints=keypoints,
                clothes_type=row['clothes_type'],
                variation_type=row['variation'],
                category_label=row['category'] - 1,
                attribute_ids=list(row['attributes']))
        ]
    upper = load(osp.join(out, 'deepfashion_upper_train.json'))
    assert upper['annotations'][0]['bbox'] == [10, 12, 100, 138]
    assert upper['annotations'][0]['num_keypoints'] == 5
    assert upper['categories'] == [
        dict(
            id=1,
            name='clothes',
            supercategory='clothes',
            keypoints=[
                'left collar', 'right collar', 'left sleeve', 'right sleeve',
                'left hem', 'right hem'
            ],
            skeleton=[])
    ]
    assert load(osp.join(out,
                         'deepfashion_lower_train.json'))['annotations'] == []

    assert report.num_converted == 3
    assert report.skipped == {
        WRONG_FIELD_COUNT: 1,
        LANDMARK_MISMATCH: 1,
        OUT_OF_RANGE: 1,
        missing_from('list_category_img.txt'): 1,
        WRONG_ATTRIBUTE_COUNT: 1,
        missing_from('list_attr_img.txt'): 1,
        UNKNOWN_SPLIT: 1,
        missing_from('list_eval_partition.txt'): 1,
        MISSING_IMAGE: 1,
    }
    messages = warnings_of(caplog)
    for file_name, line in bad.values():
        folder = 'Eval' if file_name == 'list_eval_partition.txt' else 'Anno'
        assert_reported(messages, osp.join(root, folder, file_name), line)
    assert 'deepfashion_upper_train.json: 1 annotations' in report.summary()
    assert f'skipped, {MISSING_IMAGE}: 1' in report.summary()


def test_fld(tmp_path, caplog):
    root = str(tmp_path / 'fld')
    bad = build_fld(root)
    out = str(tmp_path / 'out')
    with caplog.at_level(logging.WARNING):
        report = convert_fld(root, out)

    assert sorted(os.listdir(out)) == [
        'fld_test.json', 'fld_train.json', 'fld_val.json'
    ]
    for name, row in FLD_GOOD.items():
        data = load(osp.join(out, f'fld_{row["split"]}.json'))
        width, height = row['size']
        assert data['images'] == [
            dict(id=1, file_name=name, width=width, height=height)
        ]
        ann, = data['annotations']
        x1, y1, x2, y2 = row['bbox']
        assert ann['bbox'] == [x1, y1, x2 - x1, y2 - y1]
        assert ann['keypoints'] == FLD_EXPECTED_KEYPOINTS[name]
        assert ann['clothes_type'] == row['clothes_type']
        assert ann['variation_type'] == 1
        assert 'category_label' not in ann
        assert len(data['categories'][0]['keypoints']) == 8

    assert report.num_converted == 3
    assert report.skipped == {
        LANDMARK_MISMATCH: 1,
        BAD_VALUE: 1,
        missing_from('list_eval_partition.txt'): 1,
        WRONG_FIELD_COUNT: 1,
        missing_from('list_bbox.txt'): 1,
    }
    messages = warnings_of(caplog)
    for file_name, line in bad.values():
        folder = 'Eval' if file_name == 'list_eval_partition.txt' else 'Anno'
        assert_reported(messages, osp.join(root, folder, file_name), line)


def test_deepfashion2_real_sample(tmp_path):
    """The real annotation: a short sleeve top (slots 0..24) and trousers
    (category 8, slots 168..181), zeros everywhere else."""
    root = str(tmp_path / 'deepfashion2')
    build_deepfashion2(root)
    out = str(tmp_path / 'out')
    convert_deepfashion2(root, out)

    data = load(osp.join(out, 'deepfashion2_train.json'))
    assert data['images'] == [
        dict(id=1, file_name='train/image/000001.jpg', width=468, height=624)
    ]
    with open(osp.join(root, 'train', 'annos', '000001.json')) as f:
        native = json.load(f)
    top, trousers = data['annotations']
    assert top['id'] == 1 and trousers['id'] == 2
    assert top['image_id'] == trousers['image_id'] == 1
    assert top['category_id'] == top['df2_category_id'] == 1
    assert trousers['category_id'] == trousers['df2_category_id'] == 8
    assert top['bbox'] == [0, 29, 466, 593] and top['area'] == 466 * 593
    assert trousers['bbox'] == [249, 423, 217, 200]
    assert trousers['area'] == 217 * 200
    assert (top['style'], trousers['style']) == (1, 0)
    assert top['pair_id'] == trousers['pair_id'] == 1
    assert top['iscrowd'] == trousers['iscrowd'] == 0
    # Landmarks with v > 0: 22 of the top's 25, 7 of the trousers' 14.
    assert (top['num_keypoints'], trousers['num_keypoints']) == (22, 7)
    assert top['segmentation'] == native['item1']['segmentation']

    assert len(top['keypoints']) == len(trousers['keypoints']) == 294 * 3
    assert top['keypoints'][:75] == native['item1']['landmarks']
    assert top['keypoints'][75:] == [0] * (294 * 3 - 75)
    assert trousers['keypoints'][168 * 3:182 *
                                 3] == native['item2']['landmarks']
    assert trousers['keypoints'][:168 * 3] == [0] * (168 * 3)
    assert trousers['keypoints'][182 * 3:] == [0] * (112 * 3)

    names = [c['name'] for c in data['categories']]
    assert names[0] == 'short_sleeved_shirt' and names[7] == 'trousers'
    assert [c['id'] for c in data['categories']] == list(range(1, 14))
    assert data['categories'][0]['keypoints'] == [
        str(i) for i in range(1, 295)
    ]
    # the real items carry no DeepFashion landmarks: no 8-landmark json
    assert sorted(os.listdir(out)) == [
        'deepfashion2_train.json', 'deepfashion2_validation.json'
    ]


def test_deepfashion2_bad_items(tmp_path, caplog):
    root = str(tmp_path / 'deepfashion2')
    good, mixed, unreadable, no_image = build_deepfashion2(root)
    out = str(tmp_path / 'out')
    with caplog.at_level(logging.WARNING):
        report = convert_deepfashion2(root, out)

    data = load(osp.join(out, 'deepfashion2_validation.json'))
    assert [img['file_name'] for img in data['images']] == [
        'validation/image/000001.jpg', 'validation/image/000002.jpg'
    ]
    assert len(data['annotations']) == 2  # the good file's, mixed item3
    skirt = data['annotations'][1]
    assert skirt['image_id'] == 2 and skirt['pair_id'] == 8
    assert skirt['category_id'] == 9 and skirt['style'] == 2
    assert skirt['bbox'] == [10, 20, 80, 120]
    assert skirt['keypoints'][182 * 3:190 * 3] == DF2_SKIRT['landmarks']
    assert sum(skirt['keypoints']) == sum(DF2_SKIRT['landmarks'])
    assert skirt['num_keypoints'] == 6

    assert report.converted == {
        'deepfashion2_train.json': 2,
        'deepfashion2_validation.json': 2
    }
    assert report.skipped == {
        OUT_OF_RANGE: 1,
        LANDMARK_MISMATCH: 1,
        UNREADABLE_FILE: 1,
        MISSING_IMAGE: 1
    }
    messages = warnings_of(caplog)
    assert_reported(messages, mixed, 'item1')
    assert_reported(messages, mixed, 'item2')
    assert_reported(messages, no_image, 'item1')
    assert any(
        m.startswith(f'{unreadable}: {UNREADABLE_FILE}') for m in messages)


def test_cli(tmp_path, capsys, caplog):
    root = str(tmp_path / 'fld')
    build_fld(root)
    out = str(tmp_path / 'out')
    assert run_converter(convert_fld, 'FLD',
                         ['--root', root, '--out-dir', out]) == 0
    summary = capsys.readouterr().out
    assert summary.startswith('FLD: 3 annotations converted, 5 rows skipped')
    assert 'fld_train.json: 1 annotations' in summary

    os.remove(osp.join(root, 'Anno', 'list_bbox.txt'))
    with caplog.at_level(logging.ERROR):
        assert run_converter(convert_fld, 'FLD',
                             ['--root', root, '--out-dir', out]) == 1
    assert 'list_bbox.txt' in caplog.text


def test_cli_check_images(tmp_path, capsys, monkeypatch):
    root = str(tmp_path / 'fld')
    build_fld(root)
    truncate_image(osp.join(root, 'img', 'img_00000001.jpg'))
    args = ['--root', root, '--out-dir', str(tmp_path / 'out')]
    assert run_converter(convert_fld, 'FLD', args) == 0
    assert 'FLD: 3 annotations converted' in capsys.readouterr().out

    assert run_converter(convert_fld, 'FLD', args + ['--check-images']) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(
        'FLD: 2 annotations converted, 6 rows skipped')
    assert f'skipped, {MISSING_IMAGE}: 1' in captured.out
    # stderr is not a terminal: no progress bar in the logs.
    assert 'row/s' not in captured.err

    monkeypatch.setattr(sys.stderr, 'isatty', lambda: True)
    assert run_converter(convert_fld, 'FLD', args) == 0
    assert 'list_landmarks.txt: 100%' in capsys.readouterr().err


def test_progress_bars(tmp_path, capsys):
    """One bar per list file or annotation folder, totals from the count
    lines and the folder listings."""
    fld = build_root(tmp_path, 'fld')
    convert_fld(fld, str(tmp_path / 'fld_out'))
    assert 'row/s' not in capsys.readouterr().err
    convert_fld(fld, str(tmp_path / 'fld_out'), progress=True)
    bars = capsys.readouterr().err
    for name in ('list_bbox.txt', 'list_eval_partition.txt',
                 'list_landmarks.txt'):
        assert f'{name}: 100%' in bars
    convert_deepfashion2(
        build_root(tmp_path, 'deepfashion2'),
        str(tmp_path / 'df2_out'),
        progress=True)
    bars = capsys.readouterr().err
    assert 'train/annos: 100%' in bars and '1/1' in bars
    assert 'validation/annos: 100%' in bars and '4/4' in bars


@pytest.mark.parametrize('tool', ['deepfashion', 'fld', 'deepfashion2'])
def test_tools(tmp_path, tool):
    """The thin scripts in tools/dataset_converters/ run end to end, with
    the option they all take from ``run_converter``."""
    root = build_root(tmp_path, tool)
    proc = run_tool(f'tools/dataset_converters/{tool}_to_coco.py', '--root',
                    root, '--out-dir', str(tmp_path / 'out'), '--check-images')
    assert 'annotations converted' in proc.stdout
    assert 'row skipped' in proc.stdout  # the warnings, on stderr


def test_output_is_atomic(tmp_path, monkeypatch):
    """A failing write leaves neither a partial json nor a temporary
    file."""
    root = str(tmp_path / 'fld')
    build_fld(root)
    out = tmp_path / 'out'

    def fail(*args, **kwargs):
        raise RuntimeError('disk full')

    monkeypatch.setattr(json, 'dump', fail)
    with pytest.raises(RuntimeError, match='disk full'):
        convert_fld(root, str(out))
    assert os.listdir(out) == []
