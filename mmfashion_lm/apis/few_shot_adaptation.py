"""A landmark detector for a new garment category from a few annotated
images: adapt a few-shot model (MetaCloth's Algorithm 2, or a baseline) to
them and write the result as an ordinary top-down landmark model, which
mmpose's ``init_model`` / ``inference_topdown`` / ``MMPoseInferencer``
run."""
import copy
import json
import os.path as osp
from typing import List, Optional, Tuple

import numpy as np
import torch
from mmcv.transforms import Compose
from mmengine.config import Config
from mmpose.datasets.datasets.utils import parse_pose_metainfo
from mmpose.models.data_preprocessors import PoseDataPreprocessor

from ..datasets.metainfo.deepfashion2 import CATEGORY_BY_ID

#: OKS sigma of a landmark whose annotation gives none: the mean of
#: DeepFashion2's official per-landmark sigmas (ours; only OKS-based
#: metrics read it).
DEFAULT_SIGMA = float(
    np.mean([s for c in CATEGORY_BY_ID.values() for s in c['sigmas']]))


def read_support_annotations(ann_file: str,
                             img_root: Optional[str] = None
                             ) -> Tuple[dict, List[dict]]:
    """The category and the annotated garments of a COCO-style keypoint
    file: ``images`` (``id``, ``file_name``), ``annotations`` (``image_id``,
    ``bbox`` as x, y, w, h, ``keypoints`` as x, y, v triplets with v = 0
    unlabelled), one entry in ``categories`` with its ``keypoints`` names
    (any number) and optionally ``skeleton`` (1-based pairs, COCO's) and
    ``sigmas``.

    Args:
        ann_file (str): The annotation file.
        img_root (str, optional): Where ``file_name`` is relative to.
            Defaults to the annotation file's folder.

    Returns:
        tuple: The category (``name``, ``keypoints``, ``skeleton``,
        ``sigmas``) and one mmpose data info per annotated garment
        (``img_path``, ``bbox`` (1, 4) xyxy, ``keypoints`` (1, Nc, 2),
        ``keypoints_visible`` (1, Nc)).

    Raises:
        ValueError: Naming the file and the field that is missing or wrong.
        FileNotFoundError: For a missing image.
    """
    with open(ann_file) as f:
        data = json.load(f)
    img_root = osp.dirname(ann_file) if img_root is None else img_root

    def fail(message: str):
        raise ValueError(f'{ann_file}: {message}')

    for key in ('images', 'annotations', 'categories'):
        if not isinstance(data.get(key), list):
            fail(f'"{key}" must be a list (COCO keypoint format)')
    if len(data['categories']) != 1:
        fail(f'"categories" must hold the one new category, got '
             f'{len(data["categories"])}')
    category = data['categories'][0]
    names = category.get('keypoints')
    if not names or not all(isinstance(n, str) for n in names):
        fail('categories[0]["keypoints"] must name the landmarks')
    num_landmarks = len(names)
    skeleton = [tuple(link) for link in category.get('skeleton', [])]
    for link in skeleton:
        if len(link) != 2 or not all(1 <= i <= num_landmarks for i in link):
            fail(f'categories[0]["skeleton"] links 1-based landmark pairs '
                 f'(1..{num_landmarks}), got {list(link)}')
    sigmas = category.get('sigmas', [DEFAULT_SIGMA] * num_landmarks)
    if len(sigmas) != num_landmarks:
        fail(f'categories[0]["sigmas"] has {len(sigmas)} values for '
             f'{num_landmarks} landmarks')
    files = {image['id']: image['file_name'] for image in data['images']}
    infos = []
    for index, ann in enumerate(data['annotations']):
        where = f'annotations[{index}]'
        if ann.get('image_id') not in files:
            fail(f'{where}["image_id"] {ann.get("image_id")!r} is not in '
                 '"images"')
        keypoints = np.asarray(ann.get('keypoints', []), np.float32)
        if keypoints.size != 3 * num_landmarks:
            fail(f'{where}["keypoints"] has {keypoints.size} values, '
                 f'expected 3 x {num_landmarks} (x, y, v per landmark)')
        bbox = np.asarray(ann.get('bbox', []), np.float32)
        if bbox.shape != (4, ) or (bbox[2:] <= 0).any():
            fail(f'{where}["bbox"] must be x, y, w, h with w, h > 0, got '
                 f'{ann.get("bbox")}')
        keypoints = keypoints.reshape(1, num_landmarks, 3)
        if not (keypoints[..., 2] > 0).any():
            fail(f'{where} labels no landmark')
        img_path = osp.join(img_root, files[ann['image_id']])
        if not osp.isfile(img_path):
            raise FileNotFoundError(f'{ann_file}: {where}: no image '
                                    f'{img_path}')
        infos.append(
            dict(
                img_path=img_path,
                img_id=ann['image_id'],
                bbox=np.concatenate([bbox[:2], bbox[:2] + bbox[2:]])[None],
                bbox_score=np.ones(1, np.float32),
                keypoints=keypoints[..., :2],
                keypoints_visible=(keypoints[..., 2] > 0).astype(
                    np.float32)))
    if not infos:
        fail('"annotations" is empty: give at least one annotated garment')
    return dict(name=category.get('name', 'new_category'),
                keypoints=list(names), skeleton=skeleton,
                sigmas=list(sigmas)), infos


def category_metainfo(category: dict) -> dict:
    """mmpose's dataset meta information of the new category."""
    names = category['keypoints']
    return dict(
        dataset_name=category['name'],
        keypoint_info={
            i: dict(name=name, id=i, color=[255, 128, 0], type='', swap='')
            for i, name in enumerate(names)
        },
        skeleton_info={
            i: dict(link=(names[a - 1], names[b - 1]), id=i,
                    color=[0, 255, 0])
            for i, (a, b) in enumerate(category['skeleton'])
        },
        joint_weights=[1.] * len(names),
        sigmas=list(category['sigmas']))


def adapt_to_support(model, cfg: Config, ann_file: str,
                     img_root: Optional[str] = None) -> Tuple[Config, dict]:
    """Adapt ``model`` (a :class:`~mmfashion_lm.models.
    FewShotLandmarkDetector` built from ``cfg``, weights loaded) to the
    garments of ``ann_file`` and write the result as a top-down landmark
    model.

    Each garment is framed by its box and resized to the model's input, as
    in the episodes; the model adapts as at meta-test
    (:meth:`~mmfashion_lm.models.FewShotLandmarkDetector.adapt_weights`).

    Returns:
        tuple: The config of a
        :class:`~mmfashion_lm.models.TopdownLandmarkDetector` (the FENet's
        backbone and neck, a ``HeatmapHead`` whose 1 x 1 convolution is the
        task's detectors, the same codec; images framed whole or by a
        detector's box, as ``MMPoseInferencer`` gives them) and its
        checkpoint (``state_dict`` and ``meta.dataset_meta``).
    """
    category, infos = read_support_annotations(ann_file, img_root)
    codec = cfg.model.codec
    framing = [
        dict(type='LoadImage'),
        dict(type='GetBBoxCenterScale', padding=1.0),
        dict(type='TopdownBoxResize', input_size=codec['input_size'])
    ]
    pipeline = Compose(framing + [
        dict(type='GenerateTarget', encoder=codec),
        dict(type='PackPoseInputs')
    ])
    items = [pipeline(copy.deepcopy(info)) for info in infos]
    support = PoseDataPreprocessor.forward(
        model.data_preprocessor,
        dict(inputs=[item['inputs'] for item in items],
             data_samples=[item['data_samples'] for item in items]), False)
    model.eval()
    fenet, params, detectors = model.adapt_weights(support)
    state = {
        key: value.detach().cpu()
        for key, value in {**fenet.state_dict(), **params}.items()
    }
    state['head.final_layer.weight'] = detectors.detach().cpu()[..., None,
                                                                None]
    state['head.final_layer.bias'] = torch.zeros(len(detectors))
    metainfo = category_metainfo(category)
    fenet_cfg = cfg.model.fenet
    preprocessor = {
        key: value
        for key, value in cfg.model.data_preprocessor.items()
        if key != 'type'
    }
    topdown = Config(
        dict(
            default_scope='mmpose',
            custom_imports=dict(
                imports=['mmfashion_lm'], allow_failed_imports=False),
            dataset_type='DeepFashion2Dataset',
            data_mode='topdown',
            codec=codec,
            model=dict(
                type='TopdownLandmarkDetector',
                metainfo=metainfo,
                data_preprocessor=dict(
                    type='PoseDataPreprocessor', **preprocessor),
                backbone={
                    k: v
                    for k, v in fenet_cfg['backbone'].items()
                    if k != 'init_cfg'
                },
                neck=fenet_cfg.get('neck'),
                head=dict(
                    type='HeatmapHead',
                    in_channels=detectors.shape[1],
                    out_channels=len(detectors),
                    deconv_out_channels=None,
                    decoder=codec),
                test_cfg=dict(flip_test=False)),
            visualizer=dict(
                type='PoseLocalVisualizer',
                vis_backends=[dict(type='LocalVisBackend')],
                name='visualizer'),
            test_dataloader=dict(
                batch_size=1,
                num_workers=0,
                dataset=dict(
                    type='DeepFashion2Dataset',
                    data_mode='topdown',
                    metainfo=metainfo,
                    pipeline=framing + [dict(type='PackPoseInputs')]))))
    checkpoint = dict(
        state_dict=state,
        meta=dict(
            dataset_meta=parse_pose_metainfo(copy.deepcopy(metainfo)),
            adapted_from=dict(
                model=cfg.model.type, support=osp.abspath(ann_file),
                garments=len(infos))))
    return topdown, checkpoint
