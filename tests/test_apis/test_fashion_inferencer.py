"""FashionInferencer and demo/fashion_demo.py (issue 16): the small
synthetic models (untrained, the detector's fields made confident so that
it finds garments) describe every garment of any image, grayscale, very
large or blank, in results that fit FASHION_RESULT_SCHEMA and that the demo
writes as JSON beside its drawings."""
import json
import os
import os.path as osp
import re

import mmcv
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import save_checkpoint
from mmengine.structures import InstanceData
from mmpose.registry import MODELS

from mmfashion_lm.apis import FashionInferencer, validate_result
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORIES

from ..conftest import (REPO_ROOT, SHARED_DATA, load_script,
                        make_confident, requires_shared_data)

DETECTOR = osp.join(
    REPO_ROOT, 'configs', 'composite_fields',
    'composite-fields-category_res18-single-b-fork_'
    'synthfashion-multi-garment-97x97.py')
DF2_DETECTOR = osp.join(
    REPO_ROOT, 'configs', 'composite_fields',
    'composite-fields-category_res18-deepfashion2-all_'
    'synthfashion-deepfashion2-129x129.py')
ATTRIBUTES = osp.join(REPO_ROOT, 'configs', 'multitask',
                      'mtl_res18_synthfashion-deepfashion-c-128x128.py')
LANDMARKS = osp.join(REPO_ROOT, 'configs', 'baseline',
                     'td-hm_res18_synthfashion-fld-96x96.py')
LANDMARK_NAMES = [
    'left collar', 'right collar', 'left sleeve', 'right sleeve',
    'left waistline', 'right waistline', 'left hem', 'right hem'
]
DF2_NAMES = {category['annotation_name'] for category in CATEGORIES}
REAL_PHOTOS = osp.join(SHARED_DATA, 'real_photos')


fashion_demo = load_script('demo/fashion_demo.py')


pytestmark = pytest.mark.usefixtures('one_thread')


def _confident_weights(config, folder):
    """A checkpoint of ``config``'s detector, untrained but for its
    confidence and scale biases: every cell then votes confidently and
    widely, and the decoder finds garments on any image."""
    init_default_scope('mmpose')
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(config).model)
    make_confident(model.head.landmark_head)
    path = str(folder / 'detector.pth')
    save_checkpoint({'state_dict': model.state_dict()}, path)
    return path


@pytest.fixture(scope='module')
def detector_weights(tmp_path_factory):
    return _confident_weights(DETECTOR, tmp_path_factory.mktemp('weights'))


@pytest.fixture(scope='module')
def inferencer(detector_weights):
    """All three models, the detector's fields confident, the others
    untrained."""
    torch.manual_seed(0)
    return FashionInferencer(
        DETECTOR, detector_weights, ATTRIBUTES, None, LANDMARKS, None)


@pytest.fixture(scope='module')
def demo_inferencer(detector_weights):
    """The models of :func:`demo_run`: the detector's fields confident,
    the multi-task model drawn from seed 0 as there."""
    torch.manual_seed(0)
    return FashionInferencer(DETECTOR, detector_weights, ATTRIBUTES)


def _synthetic_image(height=120, width=160):
    """A grey background with two coloured garment-like blocks."""
    image = np.full((height, width, 3), 200, np.uint8)
    image[20:90, 20:70] = (40, 40, 180)
    image[30:110, 90:140] = (160, 60, 30)
    return image


@pytest.fixture(scope='module')
def image_folders(tmp_path_factory):
    """The folders of the demo's inputs: the real photos when the shared
    data is there; ``first`` with a colour PNG, a 1-channel PNG, a blank
    one and a 4000 x 3000 JPEG; ``second`` with a PNG of the colour one's
    stem."""
    root = tmp_path_factory.mktemp('images')
    first, second = root / 'first', root / 'second'
    mmcv.imwrite(_synthetic_image(), str(first / 'synthetic.png'))
    mmcv.imwrite(mmcv.bgr2gray(_synthetic_image(90, 70)),
                 str(first / 'gray.png'))
    mmcv.imwrite(np.full((60, 80, 3), 255, np.uint8), str(first / 'blank.png'))
    mmcv.imwrite(mmcv.imresize(_synthetic_image(), (4000, 3000)),
                 str(first / 'large.jpg'))
    mmcv.imwrite(_synthetic_image(64, 96), str(second / 'synthetic.png'))
    photos = [REAL_PHOTOS] if osp.isdir(REAL_PHOTOS) else []
    return photos + [str(first), str(second)]


def _inputs_and_stems(folders):
    """Every input image of ``folders`` in the demo's order, and the stem
    of its outputs."""
    paths, stems = [], []
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            stem = osp.splitext(name)[0]
            paths.append(osp.join(folder, name))
            stems.append(stem + '_1' if stem in stems else stem)
    return paths, stems


def _check(result, width, height, landmark_source='landmarks'):
    """The result fits the schema, survives JSON, and has the image's
    size; every garment has a category, the multi-task model's attributes
    and named landmarks from ``landmark_source``, inside the image."""
    validate_result(result)
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert (result['width'], result['height']) == (width, height)
    for garment in result['garments']:
        x1, y1, x2, y2 = garment['bbox']
        assert 0 <= x1 <= x2 <= width and 0 <= y1 <= y2 <= height
        assert garment['category']['name'] in DF2_NAMES
        assert garment['category_multitask']['name'].startswith('category ')
        assert garment['attributes']['attributes']
        assert garment['landmark_source'] == landmark_source
        assert [p['name'] for p in garment['landmarks']] == LANDMARK_NAMES
        for point in garment['landmarks']:
            assert 0 <= point['x'] <= width and 0 <= point['y'] <= height


def test_arrays_of_any_kind(inferencer):
    """A colour image, a 2-D grayscale one and a dark one, two a forward
    pass: each described, garments found."""
    images = [
        _synthetic_image(),
        mmcv.bgr2gray(_synthetic_image(90, 70)),
        np.zeros((30, 40, 3), np.uint8)
    ]
    results = list(inferencer(images, batch_size=2))
    assert [r['image'] for r in results] == ['array_0', 'array_1', 'array_2']
    for result, image in zip(results, images):
        _check(result, image.shape[1], image.shape[0])
        assert result['garments']
        assert result['timings']['attributes'] > 0
        assert result['timings']['landmarks'] > 0


def test_blank_image_has_no_garment(image_folders):
    """The untrained detector (no weights) finds nothing on a blank image:
    an empty list of garments, the other models not run."""
    torch.manual_seed(0)
    untrained = FashionInferencer(DETECTOR, landmarks=LANDMARKS)
    blank = osp.join(image_folders[-2], 'blank.png')
    [result] = untrained(blank)
    validate_result(result)
    assert result['image'] == blank
    assert result['garments'] == []
    assert result['timings']['landmarks'] == 0


def test_without_optional_models(detector_weights):
    """The detector alone: its own landmarks, no attributes; with
    ``return_images``, each result beside the BGR image the models saw
    (a grayscale one in three channels)."""
    detector_only = FashionInferencer(DETECTOR, detector_weights)
    [result] = detector_only(_synthetic_image())
    validate_result(result)
    garment = result['garments'][0]
    assert garment['attributes'] == {}
    assert 'category_multitask' not in garment
    assert garment['landmark_source'] == 'detector'
    assert [p['name'] for p in garment['landmarks']] == LANDMARK_NAMES
    gray = mmcv.bgr2gray(_synthetic_image())
    [(image, paired)] = detector_only(gray, return_images=True)
    np.testing.assert_array_equal(image, np.repeat(gray[..., None], 3, 2))
    assert paired == next(detector_only(gray)) | dict(
        timings=paired['timings'])


@pytest.fixture(scope='module')
def demo_run(detector_weights, image_folders, tmp_path_factory):
    """demo/fashion_demo.py's main on every folder, the models of
    :func:`demo_inferencer`: its output folder."""
    out_dir = str(tmp_path_factory.mktemp('demo_out'))
    torch.manual_seed(0)
    fashion_demo.main([
        *image_folders, '--out-dir', out_dir, '--detector', DETECTOR,
        '--detector-weights', detector_weights, '--attributes', ATTRIBUTES,
        '--batch-size', '2'
    ])
    return out_dir


def test_demo_writes_a_drawing_and_a_result_per_image(
        demo_run, image_folders):
    """The real photos (with the shared data), a grayscale, a 4000 x 3000
    and a blank image, two of one stem: a drawing of the image's size and
    a JSON that fits the schema for each, the detector's landmarks inside
    the image; the detector, made confident, finds garments on each."""
    paths, stems = _inputs_and_stems(image_folders)
    assert sorted(os.listdir(demo_run)) == sorted(
        [f'{stem}.jpg' for stem in stems] + [f'{stem}.json'
                                             for stem in stems])
    for stem, path in zip(stems, paths):
        with open(osp.join(demo_run, f'{stem}.json')) as f:
            result = json.load(f)
        height, width = mmcv.imread(path).shape[:2]
        _check(result, width, height, landmark_source='detector')
        assert result['image'] == path
        assert result['garments']
        drawn = mmcv.imread(osp.join(demo_run, f'{stem}.jpg'))
        assert drawn.shape == (height, width, 3)


@requires_shared_data
def test_demo_reads_the_real_photos(image_folders):
    assert image_folders[0] == REAL_PHOTOS
    assert len(_inputs_and_stems(image_folders)[0]) == 15


def test_demo_and_api_give_the_same_results(demo_run, image_folders,
                                            demo_inferencer):
    """The same JSON but for the timings."""
    _, stems = _inputs_and_stems(image_folders)
    results = demo_inferencer(image_folders, batch_size=2)
    for stem, result in zip(stems, results, strict=True):
        with open(osp.join(demo_run, f'{stem}.json')) as f:
            written = json.load(f)
        del written['timings'], result['timings']
        assert written == json.loads(json.dumps(result))


def test_demo_models_by_default(tmp_path):
    """Without --detector, the models `make demo` trained, read from their
    work dirs' last_checkpoint; an --attributes of the user's is kept;
    missing ones named with how to get them."""
    args = fashion_demo.parse_args(['photo.jpg', '--out-dir', 'out'])
    with pytest.raises(SystemExit, match='run `make demo`'):
        fashion_demo.use_demo_models(args, str(tmp_path))
    for role, (config, work_dir) in fashion_demo.DEMO_MODELS.items():
        folder = tmp_path / work_dir
        folder.mkdir(parents=True)
        # as tools/train.py writes it: relative to where training ran
        (folder / 'last_checkpoint').write_text(f'{work_dir}/epoch_3.pth')
    fashion_demo.use_demo_models(args, str(tmp_path))
    detector, detector_dir = fashion_demo.DEMO_MODELS['detector']
    assert args.detector == osp.join(tmp_path, detector)
    assert args.detector_weights == osp.join(tmp_path, detector_dir,
                                             'epoch_3.pth')
    assert args.attributes.endswith(
        fashion_demo.DEMO_MODELS['attributes'][0])
    args = fashion_demo.parse_args(
        ['photo.jpg', '--out-dir', 'out', '--attributes', ATTRIBUTES])
    fashion_demo.use_demo_models(args, str(tmp_path))
    assert (args.attributes, args.attributes_weights) == (ATTRIBUTES, None)
    for config, _ in fashion_demo.DEMO_MODELS.values():
        assert osp.isfile(osp.join(REPO_ROOT, config))


def test_demo_with_a_landmark_model_prints_throughput(
        detector_weights, image_folders, tmp_path, capsys):
    """The top-down model places the landmarks; the time of each model and
    the images per second are printed."""
    fashion_demo.main([
        osp.join(image_folders[-2], 'gray.png'), '--out-dir',
        str(tmp_path), '--detector', DETECTOR, '--detector-weights',
        detector_weights, '--landmarks', LANDMARKS
    ])
    printed = capsys.readouterr().out
    assert '1 image(s) in' in printed and 'images/s' in printed
    assert re.search(r'detection [\d.]+ s, attributes 0\.00 s, '
                     r'landmarks [\d.]*[1-9][\d.]* s', printed)
    with open(tmp_path / 'gray.json') as f:
        [garment, *_] = json.load(f)['garments']
    assert garment['landmark_source'] == 'landmarks'


def test_all_category_detector_gives_a_garment_its_category_landmarks():
    """The all-category DeepFashion2 model (294 slots, a category each):
    a garment's landmarks are its category's slots, its category named by
    DeepFashion2 (two decoded garments, categories 1 and 8, described)."""
    inferencer = FashionInferencer(DF2_DETECTOR)
    rng = np.random.default_rng(0)
    garments = InstanceData(
        bboxes=np.array([[10, 10, 50, 60], [20, 30, 90, 100]], np.float32),
        bbox_scores=np.array([0.8, 0.5], np.float32),
        keypoints=rng.uniform(10, 90, (2, 294, 2)).astype(np.float32),
        keypoint_scores=rng.uniform(0, 1, (2, 294)).astype(np.float32),
        category_id=np.array([1, 8]),
        category_scores=np.full((2, 13), 1 / 13, np.float32))
    result = inferencer._describe('photo.jpg', _synthetic_image(), garments,
                                  0.1)
    validate_result(result)
    for garment, index in zip(result['garments'], (0, 7)):
        category = CATEGORIES[index]
        assert garment['category']['name'] == category['annotation_name']
        assert [p['name'] for p in garment['landmarks']] == [
            f'{category["short_name"]}_kpt{k}'
            for k in range(1, category['num_landmarks'] + 1)
        ]
        assert garment['landmarks'][0]['x'] == pytest.approx(
            garments.keypoints[index // 7, category['start'], 0])


def test_bad_paths_are_named(inferencer, tmp_path):
    missing = str(tmp_path / 'no_such_photo.jpg')
    with pytest.raises(FileNotFoundError, match='no_such_photo.jpg'):
        inferencer(missing)
    with pytest.raises(FileNotFoundError, match='no_such_photo.jpg'):
        fashion_demo.main(
            [missing, '--out-dir', str(tmp_path), '--detector', DETECTOR])
    damaged = tmp_path / 'damaged.jpg'
    damaged.write_text('not an image')
    with pytest.raises(ValueError, match='damaged.jpg'):
        list(inferencer(str(damaged)))
    empty = tmp_path / 'empty_folder'
    empty.mkdir()
    with pytest.raises(ValueError, match='no image files in folder'):
        inferencer(str(empty))


def test_wrong_models_are_refused(detector_weights):
    with pytest.raises(ValueError, match='category field'):
        FashionInferencer(LANDMARKS)
    with pytest.raises(ValueError, match='multi-task model'):
        FashionInferencer(DETECTOR, detector_weights, attributes=LANDMARKS)


def test_validate_result_rejects_what_breaks_the_schema(inferencer):
    [result] = inferencer(_synthetic_image())
    validate_result(result)
    broken = json.loads(json.dumps(result))
    del broken['garments'][0]['category']
    with pytest.raises(ValueError, match="'category' is missing"):
        validate_result(broken)
    broken = json.loads(json.dumps(result))
    del broken['timings']
    with pytest.raises(ValueError, match="'timings' is missing"):
        validate_result(broken)
    broken = json.loads(json.dumps(result))
    broken['garments'][0]['bbox'] = [0.0, 0.0, 1.0]
    with pytest.raises(ValueError, match='fewer than 4'):
        validate_result(broken)
    broken = json.loads(json.dumps(result))
    broken['garments'][0]['landmarks'][0]['x'] = float('nan')
    with pytest.raises(ValueError, match=r"\['x'\]: expected number"):
        validate_result(broken)
    broken = json.loads(json.dumps(result))
    broken['garments'][0]['landmark_source'] = 'guess'
    with pytest.raises(ValueError, match='is not one of'):
        validate_result(broken)
