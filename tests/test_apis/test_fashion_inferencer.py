"""FashionInferencer and demo/fashion_demo.py (issue 16): the small
synthetic models (untrained, the detector's fields made confident so that
it finds garments) describe every garment of any image, grayscale, very
large or blank, in results that fit FASHION_RESULT_SCHEMA and that the demo
writes as JSON beside its drawings."""
import json
import os
import os.path as osp

import mmcv
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import save_checkpoint
from mmpose.registry import MODELS

from mmfashion_lm.apis import FashionInferencer, validate_result
from mmfashion_lm.datasets.metainfo.deepfashion2 import CATEGORIES

from .test_composite_fields_inference import make_confident
from ..conftest import (REPO_ROOT, SHARED_DATA, load_script,
                        requires_shared_data)

DETECTOR = osp.join(
    REPO_ROOT, 'configs', 'composite_fields',
    'composite-fields-category_res18-single-b-fork_'
    'synthfashion-multi-garment-97x97.py')
ATTRIBUTES = osp.join(REPO_ROOT, 'configs', 'multitask',
                      'mtl_res18_synthfashion-deepfashion-c-128x128.py')
LANDMARKS = osp.join(REPO_ROOT, 'configs', 'baseline',
                     'td-hm_res18_synthfashion-fld-96x96.py')
LANDMARK_NAMES = [
    'left collar', 'right collar', 'left sleeve', 'right sleeve',
    'left waistline', 'right waistline', 'left hem', 'right hem'
]
DF2_NAMES = {category['annotation_name'] for category in CATEGORIES}


fashion_demo = load_script('demo/fashion_demo.py')


@pytest.fixture(scope='module', autouse=True)
def one_thread():
    # two intra-op threads on cores that training shares wait on each other
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope='module')
def detector_weights(tmp_path_factory):
    """A checkpoint of the detector, untrained but for its confidence and
    scale biases: every cell then votes confidently and widely, and the
    decoder finds garments on any image."""
    init_default_scope('mmpose')
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(DETECTOR).model)
    make_confident(model.head.landmark_head)
    path = str(tmp_path_factory.mktemp('weights') / 'detector.pth')
    save_checkpoint({'state_dict': model.state_dict()}, path)
    return path


@pytest.fixture(scope='module')
def inferencer(detector_weights):
    """All three models, the detector's fields confident; the untrained
    ones drawn from seed 0, as in :func:`demo_run`."""
    torch.manual_seed(0)
    return FashionInferencer(
        DETECTOR, detector_weights, ATTRIBUTES, None, LANDMARKS, None)


def _synthetic_image(height=120, width=160):
    """A grey background with two coloured garment-like blocks."""
    image = np.full((height, width, 3), 200, np.uint8)
    image[20:90, 20:70] = (40, 40, 180)
    image[30:110, 90:140] = (160, 60, 30)
    return image


@pytest.fixture(scope='module')
def image_folders(tmp_path_factory):
    """Two folders: ``first`` with a colour PNG, a 1-channel PNG and a
    blank one; ``second`` with a PNG of the colour one's stem."""
    root = tmp_path_factory.mktemp('images')
    first, second = root / 'first', root / 'second'
    mmcv.imwrite(_synthetic_image(), str(first / 'synthetic.png'))
    mmcv.imwrite(mmcv.bgr2gray(_synthetic_image(90, 70)),
                 str(first / 'gray.png'))
    mmcv.imwrite(np.full((60, 80, 3), 255, np.uint8), str(first / 'blank.png'))
    mmcv.imwrite(_synthetic_image(64, 96), str(second / 'synthetic.png'))
    return str(first), str(second)


def _check(result, width, height):
    """The result fits the schema, survives JSON, and has the image's
    size; every garment has a category, the multi-task model's attributes
    and the landmark model's named landmarks."""
    validate_result(result)
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert (result['width'], result['height']) == (width, height)
    for garment in result['garments']:
        x1, y1, x2, y2 = garment['bbox']
        assert 0 <= x1 <= x2 <= width and 0 <= y1 <= y2 <= height
        assert garment['category']['name'] in DF2_NAMES
        assert garment['category_multitask']['name'].startswith('category ')
        assert garment['attributes']['attributes']
        assert garment['landmark_source'] == 'landmarks'
        assert [p['name'] for p in garment['landmarks']] == LANDMARK_NAMES


def test_arrays_of_any_kind(inferencer):
    """A colour image, a 2-D grayscale one and a 4000 x 3000 one, two a
    forward pass: each described, garments found."""
    images = [
        _synthetic_image(),
        mmcv.bgr2gray(_synthetic_image(90, 70)),
        np.zeros((3000, 4000, 3), np.uint8)
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
    blank = osp.join(image_folders[0], 'blank.png')
    [result] = untrained(blank)
    validate_result(result)
    assert result['image'] == blank
    assert result['garments'] == []
    assert result['timings']['landmarks'] == 0


def test_without_optional_models(detector_weights):
    """The detector alone: its own landmarks, no attributes."""
    [result] = FashionInferencer(DETECTOR, detector_weights)(
        _synthetic_image())
    validate_result(result)
    garment = result['garments'][0]
    assert garment['attributes'] == {}
    assert 'category_multitask' not in garment
    assert garment['landmark_source'] == 'detector'
    assert [p['name'] for p in garment['landmarks']] == LANDMARK_NAMES


@pytest.fixture(scope='module')
def demo_run(detector_weights, image_folders, tmp_path_factory):
    """demo/fashion_demo.py's main on both folders, the models of
    :func:`inferencer`: its output folder."""
    out_dir = str(tmp_path_factory.mktemp('demo_out'))
    torch.manual_seed(0)
    fashion_demo.main([
        *image_folders, '--out-dir', out_dir, '--detector', DETECTOR,
        '--detector-weights', detector_weights, '--attributes', ATTRIBUTES,
        '--landmarks', LANDMARKS, '--batch-size', '2'
    ])
    return out_dir


def test_demo_writes_a_drawing_and_a_result_per_image(
        demo_run, image_folders):
    stems = ['blank', 'gray', 'synthetic', 'synthetic_1']
    assert sorted(os.listdir(demo_run)) == sorted(
        [f'{stem}.jpg' for stem in stems] + [f'{stem}.json'
                                             for stem in stems])
    for stem, path in zip(stems, [
            osp.join(image_folders[0], 'blank.png'),
            osp.join(image_folders[0], 'gray.png'),
            osp.join(image_folders[0], 'synthetic.png'),
            osp.join(image_folders[1], 'synthetic.png')
    ]):
        with open(osp.join(demo_run, f'{stem}.json')) as f:
            result = json.load(f)
        assert result['image'] == path
        drawn = mmcv.imread(osp.join(demo_run, f'{stem}.jpg'))
        assert drawn.shape == mmcv.imread(path).shape
        assert (drawn.shape[1], drawn.shape[0]) == (result['width'],
                                                    result['height'])


def test_demo_and_api_give_the_same_results(demo_run, image_folders,
                                            inferencer):
    """The same JSON but for the timings."""
    stems = ['blank', 'gray', 'synthetic', 'synthetic_1']
    for stem, result in zip(stems, inferencer(image_folders, batch_size=2)):
        with open(osp.join(demo_run, f'{stem}.json')) as f:
            written = json.load(f)
        del written['timings'], result['timings']
        assert written == json.loads(json.dumps(result))


def test_demo_prints_throughput(detector_weights, image_folders, tmp_path,
                                capsys):
    fashion_demo.main([
        osp.join(image_folders[0], 'gray.png'), '--out-dir',
        str(tmp_path), '--detector', DETECTOR, '--detector-weights',
        detector_weights
    ])
    printed = capsys.readouterr().out
    assert '1 image(s) in' in printed and 'images/s' in printed
    assert 'detection' in printed and 'landmarks' in printed


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


@requires_shared_data
def test_real_photos(detector_weights):
    """Real photos of several sizes, read from their folder in order."""
    folder = osp.join(SHARED_DATA, 'real_photos')
    photos = sorted(name for name in os.listdir(folder)
                    if name.endswith('.jpg'))
    inferencer = FashionInferencer(DETECTOR, detector_weights)
    results = list(inferencer(folder, batch_size=4))
    assert [osp.basename(r['image']) for r in results] == photos
    for result in results:
        validate_result(result)
        height, width = mmcv.imread(result['image']).shape[:2]
        assert (result['width'], result['height']) == (width, height)
        assert result['garments']
        for garment in result['garments']:
            for point in garment['landmarks']:
                assert 0 <= point['x'] <= width
                assert 0 <= point['y'] <= height
