"""The bottom-up pipelines of configs/_base_/pipelines/bottomup_square-crop.py
(whole images, square input, flips, the crop protocol's BottomupBoxCrop)
and the DeepFashion-C subsets of the combined model."""
import os.path as osp

import cv2
import numpy as np
import pytest
from mmcv.transforms import Compose
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.datasets.datasets.utils import parse_pose_metainfo

import mmfashion_lm  # noqa: F401 (registers the transforms)
from mmfashion_lm.datasets import (BottomupBoxCrop,
                                   deepfashion_clothes_type_subsets)
from mmfashion_lm.datasets.metainfo import deepfashion
from ..conftest import REPO_ROOT

PIPELINES = osp.join(REPO_ROOT, 'configs', '_base_', 'pipelines',
                     'bottomup_square-crop.py')
INPUT = 33  # stride 8 * 4 + 1
WIDTH, HEIGHT = 64, 48  # not square, to catch x / y mix-ups
FLIP_INDICES = parse_pose_metainfo(
    deepfashion.metainfo('full'))['flip_indices']


@pytest.fixture(autouse=True)
def mmpose_scope():
    init_default_scope('mmpose')


@pytest.fixture(scope='module')
def pieces():
    return Config.fromfile(PIPELINES)


def _annotation(keypoints, flags, bbox, ann_id):
    triplets = np.column_stack([keypoints, flags]).ravel().tolist()
    return dict(id=ann_id, bbox=bbox, keypoints=triplets, category_id=1)


def bottomup_sample():
    """A synthetic-like bottom-up sample as mmpose's datasets give it: two
    garments, a top (collars, sleeves, hems; an occluded sleeve) and a skirt
    (waistlines, hems; a hem cut off), and one landmark-less garment whose
    segmentation marks an unlabelled region (top-left corner)."""
    top = np.array([[20, 10], [30, 10], [14, 16], [36, 16], [0, 0], [0, 0],
                    [20, 30], [30, 30]], np.float32)
    top_flags = np.array([2, 2, 2, 1, 0, 0, 2, 2], np.uint8)
    skirt = np.array([[0, 0], [0, 0], [0, 0], [0, 0], [40, 20], [50, 20],
                      [38, 40], [0, 0]], np.float32)
    skirt_flags = np.array([0, 0, 0, 0, 2, 2, 2, 0], np.uint8)
    keypoints = np.stack([top, skirt])
    flags = np.stack([top_flags, skirt_flags])
    img = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    img[:8, :8] = 255  # the unlabelled garment
    return dict(
        img=img,
        img_shape=(HEIGHT, WIDTH),
        ori_shape=(HEIGHT, WIDTH),
        img_id=1,
        img_path='synthetic.jpg',
        keypoints=keypoints,
        keypoints_visible=np.minimum(flags, 1).astype(np.float32),
        bbox=np.array([[14, 10, 36, 30], [38, 20, 50, 40]], np.float32),
        area=np.array([440., 240.], np.float32),
        raw_ann_info=[
            _annotation(top, top_flags, [14, 10, 22, 20], 1),
            _annotation(skirt, skirt_flags, [38, 20, 12, 20], 2)
        ],
        invalid_segs=[[[0, 0, 8, 0, 8, 8, 0, 8]]],
        flip_indices=FLIP_INDICES,
        dataset_name='deepfashion_full')


def test_train_pipeline_flips_landmarks_and_raw_visibility(pieces):
    """Affine to the square input (no random shift, scale or rotation),
    a flip for sure, the mask at the input size: the keypoints move and
    swap sides, and the packed COCO flags swap with them."""
    affine = dict(
        pieces.square_crop,
        input_size=(INPUT, INPUT),
        shift_factor=0.,
        scale_factor=(1., 1.))
    pipeline = Compose([
        *pieces.train_transforms[1:],  # the sample is loaded already
        affine,
        dict(pieces.flip, prob=1.),
        pieces.heatmap_mask,
        pieces.pack_inputs,
    ])
    sample = bottomup_sample()
    results = pipeline(dict(sample))
    data_sample = results['data_samples']
    gt = data_sample.gt_instances

    # the image's long side spans the input, centred; then mirrored
    step = INPUT / WIDTH
    x = (sample['keypoints'][..., 0] - WIDTH / 2) * step + INPUT / 2
    y = (sample['keypoints'][..., 1] - HEIGHT / 2) * step + INPUT / 2
    expected = np.stack([INPUT - 1 - x, y], axis=-1)[:, FLIP_INDICES]
    np.testing.assert_allclose(gt.keypoints, expected, atol=1e-4)
    flags = np.array([[2, 2, 2, 1, 0, 0, 2, 2], [0, 0, 0, 0, 2, 2, 2, 0]])
    np.testing.assert_array_equal(flags[:, FLIP_INDICES],
                                  [[2, 2, 1, 2, 0, 0, 2, 2],
                                   [0, 0, 0, 0, 2, 2, 0, 2]])
    np.testing.assert_array_equal(gt.keypoints_visibility,
                                  flags[:, FLIP_INDICES])
    # the occluded right sleeve of the top (slot 3) is its left sleeve now,
    # still occluded; the skirt's cut-off right hem is its left hem
    assert gt.keypoints_visibility[0, 2] == 1
    assert gt.keypoints_visibility[1, 6] == 0
    assert data_sample.flip and data_sample.flip_direction == 'horizontal'
    # visible and occluded landmarks train ('in_picture')
    np.testing.assert_array_equal(
        gt.keypoints_visible,
        np.minimum(flags, 1)[:, FLIP_INDICES])

    # the unlabelled region (image top-left) lies top-right of the flipped
    # input; the mask (of the unlabelled region, get_invalid) is at the
    # input size, for the codec; the padding is not unlabelled: it trains
    # as background
    mask = sample_mask(pipeline, sample)
    assert mask.shape == (INPUT, INPUT) and mask.dtype == bool
    top_row = int(round((0 - HEIGHT / 2) * step + INPUT / 2)) + 1
    assert mask[top_row, INPUT - 2] and not mask[top_row, 1]
    assert not mask[INPUT // 2, INPUT // 2]
    assert not mask[0, 0] and not mask[-1, -1]


def sample_mask(pipeline, sample):
    """The heatmap mask the pipeline hands to GenerateTarget."""
    results = dict(sample)
    for transform in pipeline.transforms[:-1]:
        results = transform(results)
    return results['heatmap_mask']


def test_train_pieces_are_the_papers(pieces):
    jitter = pieces.color_jitter
    assert jitter.type == 'mmpretrain.ColorJitter'
    assert (jitter.brightness, jitter.saturation) == (0.4, 0.4)
    assert pieces.square_crop.rotate_factor == 0
    assert pieces.flip.direction == 'horizontal'
    assert pieces.train_landmarks.landmarks == 'in_picture'


def test_color_jitter_changes_colours_only(pieces):
    transform = Compose([pieces.color_jitter])
    sample = bottomup_sample()
    sample['img'] = np.random.default_rng(0).integers(
        0, 256, (HEIGHT, WIDTH, 3), dtype=np.uint8)
    np.random.seed(1)
    results = transform(dict(sample))
    assert results['img'].shape == sample['img'].shape
    assert results['img'].dtype == np.uint8
    assert not np.array_equal(results['img'], sample['img'])
    np.testing.assert_array_equal(results['keypoints'], sample['keypoints'])


def test_box_crop_frames_the_box(tmp_path, pieces):
    """The crop protocol: the input shows the box (aspect kept, the rest
    padded), and the estimator's mapping from the input
    (input_center / input_scale / input_size) lands on original pixels."""
    img = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    img[..., 2] = 255  # red around the box
    x1, y1, w, h = 10, 8, 40, 20  # a wide box: padded above and below
    img[y1:y1 + h, x1:x1 + w] = 200
    path = str(tmp_path / 'garment.png')
    cv2.imwrite(path, img)
    sample = bottomup_sample()
    sample.update(
        img_path=path,
        raw_ann_info=[sample['raw_ann_info'][0]],
        keypoints=sample['keypoints'][:1],
        keypoints_visible=sample['keypoints_visible'][:1],
        bbox=sample['bbox'][:1])
    sample['raw_ann_info'][0]['bbox'] = [x1, y1, w, h]
    for key in ('img', 'img_shape', 'ori_shape'):
        del sample[key]
    pipeline = Compose([
        *pieces.val_transforms,
        # the box itself, its own aspect (the configs pad it by 1.25 and
        # widen it with context, below)
        dict(pieces.box_crop, input_size=(INPUT, INPUT), padding=1.,
             context=False),
        pieces.pack_inputs
    ])
    assert pieces.box_crop['padding'] == 1.25
    assert pieces.box_crop['context']
    results = pipeline(sample)
    data_sample = results['data_samples']
    image = results['inputs'].numpy().transpose(1, 2, 0)
    assert image.shape == (INPUT, INPUT, 3)

    def to_image(points):
        return (np.asarray(points, np.float64) / data_sample.input_size *
                data_sample.input_scale + data_sample.input_center -
                0.5 * data_sample.input_scale)

    # the input spans the box's width; its height is centred, padded
    np.testing.assert_allclose(data_sample.input_center, [30, 18])
    np.testing.assert_allclose(data_sample.input_scale, [40, 40])
    np.testing.assert_allclose(to_image([[0, 0], [INPUT, INPUT]]),
                               [[10, -2], [50, 38]])
    # only the box's pixels: its inside bright, the padding black, no
    # image pixel from outside the box
    band = (INPUT - h * INPUT / w) / 2
    inside = image[int(band) + 2:-int(band) - 2, 2:-2]
    assert (inside == 200).all()
    assert (image[:int(band) - 1] == 0).all()
    assert (image[-int(band) + 1:] == 0).all()
    channels = image.astype(int)
    assert (channels[..., 2] == channels[..., 1]).all()  # no red
    # the ground truth is untouched: original pixels, as the metric's frame
    np.testing.assert_array_equal(data_sample.gt_instances.keypoints,
                                  sample['keypoints'])
    crop = BottomupBoxCrop(input_size=(INPUT, INPUT))(
        dict(img=img, raw_ann_info=sample['raw_ann_info']))
    np.testing.assert_array_equal(crop['crop_bbox'], [10, 8, 50, 28])


def test_box_crop_with_context_shows_the_surroundings():
    """context=True: the padded box widened to the (square) input with the
    image around it, as a top-down input is framed; only what lies outside
    the image is padded."""
    img = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    img[..., 2] = 255  # red around the box
    x1, y1, w, h = 10, 8, 40, 20
    img[y1:y1 + h, x1:x1 + w] = 200
    annotation = [dict(bbox=[x1, y1, w, h])]
    results = BottomupBoxCrop(
        input_size=(INPUT, INPUT), padding=1.25, context=True)(
            dict(img=img, raw_ann_info=annotation))
    # 1.25 * 40 = 50 wide, widened in height to 50, around (30, 18)
    np.testing.assert_array_equal(results['crop_bbox'], [5, -7, 55, 43])
    np.testing.assert_allclose(results['input_center'], [30, 18])
    np.testing.assert_allclose(results['input_scale'], [50, 50])
    image = results['img']
    centre = INPUT // 2
    assert (image[centre, centre] == 200).all()  # the garment
    # the image's own pixels above the box (rows 0..7): red, not padding
    row = int(round((4 - -7) / 50 * INPUT))
    np.testing.assert_array_equal(image[row, centre], [0, 0, 255])
    # above the image (y < 0): padding
    assert (image[1, centre] == 0).all()


def test_box_crop_frames_an_unannotated_image_whole():
    """Inference (MMPoseInferencer runs the test pipeline on a bare image):
    the whole image, as BottomupResize would fit it."""
    img = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    results = BottomupBoxCrop(input_size=(INPUT, INPUT))(dict(img=img))
    resized = Compose([
        dict(type='BottomupResize', input_size=(INPUT, INPUT),
             size_factor=1)
    ])(dict(img=img, ori_shape=(HEIGHT, WIDTH)))
    np.testing.assert_allclose(results['input_center'],
                               resized['input_center'])
    np.testing.assert_allclose(results['input_scale'],
                               resized['input_scale'])
    assert results['img'].shape == resized['img'].shape


def test_box_crop_needs_one_garment():
    crop = BottomupBoxCrop(input_size=(INPUT, INPUT))
    with pytest.raises(ValueError, match='holds 2'):
        crop(bottomup_sample())
    with pytest.raises(ValueError, match='padding'):
        BottomupBoxCrop(input_size=(INPUT, INPUT), padding=0)


@pytest.mark.parametrize('clothes_type, slots', [
    ('upper', (0, 1, 2, 3, 6, 7)),
    ('lower', (4, 5, 6, 7)),
])
def test_combined_model_subsets_add_full_body_landmarks(clothes_type, slots):
    """The upper model also reads the full-body garments' collars,
    sleeves and hems, the lower model their waistlines and hems (the
    landmarks of the same names); flags with them."""
    own, full = deepfashion_clothes_type_subsets(
        clothes_type, 'annotations/deepfashion_{subset}_train.json',
        data_root='data/x/')
    assert own['subset'] == clothes_type and 'pipeline' not in own
    assert own['ann_file'] == \
        f'annotations/deepfashion_{clothes_type}_train.json'
    assert full['subset'] == 'full' and own['data_mode'] == 'bottomup'
    load, convert = full['pipeline']
    num_keypoints = len(deepfashion.SUBSET_SLOTS[clothes_type])
    mapping = [(source, target) for target, source in enumerate(slots)]
    assert load == dict(
        type='LoadKeypointVisibility',
        num_keypoints=num_keypoints,
        mapping=mapping)
    assert convert == dict(
        type='KeypointConverter', num_keypoints=num_keypoints,
        mapping=mapping)

    # a full-body garment through that pipeline
    flags = np.array([[2, 2, 1, 2, 2, 0, 2, 1]], np.uint8)
    keypoints = np.arange(16, dtype=np.float32).reshape(1, 8, 2) + 1
    results = Compose(full['pipeline'])(
        dict(
            keypoints=keypoints,
            keypoints_visible=np.minimum(flags, 1).astype(np.float32),
            raw_ann_info=dict(
                keypoints=np.column_stack([keypoints[0],
                                           flags[0]]).ravel().tolist())))
    np.testing.assert_array_equal(results['keypoints'][..., :2],
                                  keypoints[:, list(slots)])
    np.testing.assert_array_equal(results['keypoints_visibility'],
                                  flags[:, list(slots)])


def test_full_model_and_evaluation_read_their_own_subset():
    full, = deepfashion_clothes_type_subsets('full', 'f_{subset}.json')
    assert full['ann_file'] == 'f_full.json' and 'pipeline' not in full
    upper, = deepfashion_clothes_type_subsets(
        'upper', 'f_{subset}.json', with_full_body=False, test_mode=True)
    assert upper['subset'] == 'upper' and upper['test_mode']
    with pytest.raises(ValueError, match='clothes_type'):
        deepfashion_clothes_type_subsets('dress', 'f_{subset}.json')
