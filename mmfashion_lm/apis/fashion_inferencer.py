"""One call for a whole photo: every garment with its box, category,
attributes and landmarks."""
import mimetypes
import os
import os.path as osp
import time
from typing import Dict, Iterator, List, Optional, Sequence, Union

import mmcv
import numpy as np
import torch
from torch import nn

from ..datasets.metainfo.deepfashion2 import CATEGORIES as DF2_CATEGORIES
from ..models.heads import LandmarkCategoryHead, MultiTaskGarmentHead
from .describe_garments import describe_garments

ImageInput = Union[str, os.PathLike, np.ndarray]
Inputs = Union[ImageInput, Sequence[ImageInput]]

_NAME_SCORE = {
    'type': 'object',
    'required': ['name', 'score'],
    'properties': {
        'name': {'type': 'string'},
        'score': {'type': 'number', 'minimum': 0},
    },
}

#: The JSON Schema (draft 7) of one image's result of
#: :class:`FashionInferencer`; :func:`validate_result` checks a result
#: against it.
FASHION_RESULT_SCHEMA = {
    '$schema': 'http://json-schema.org/draft-07/schema#',
    'title': 'FashionInferencer result of one image',
    'type': 'object',
    'required': ['image', 'width', 'height', 'garments', 'timings'],
    'properties': {
        'image': {'type': 'string'},
        'width': {'type': 'integer', 'minimum': 1},
        'height': {'type': 'integer', 'minimum': 1},
        'garments': {
            'type': 'array',
            'items': {
                'type': 'object',
                'required': [
                    'bbox', 'score', 'category', 'attributes', 'landmarks',
                    'landmark_source'
                ],
                'properties': {
                    # x1 y1 x2 y2, image pixels
                    'bbox': {
                        'type': 'array',
                        'items': {'type': 'number'},
                        'minItems': 4,
                        'maxItems': 4,
                    },
                    'score': {'type': 'number', 'minimum': 0},
                    'category': _NAME_SCORE,
                    # only with a multi-task model
                    'category_multitask': _NAME_SCORE,
                    # attribute type -> its best attributes, best first
                    'attributes': {
                        'type': 'object',
                        'additionalProperties': {
                            'type': 'array',
                            'items': _NAME_SCORE,
                        },
                    },
                    'landmarks': {
                        'type': 'array',
                        'items': {
                            'type': 'object',
                            'required': ['name', 'x', 'y', 'score'],
                            'properties': {
                                'name': {'type': 'string'},
                                'x': {'type': 'number'},
                                'y': {'type': 'number'},
                                # a heatmap's maximum: not bounded below
                                'score': {'type': 'number'},
                            },
                        },
                    },
                    'landmark_source': {
                        'type': 'string',
                        'enum': ['detector', 'landmarks'],
                    },
                },
            },
        },
        # seconds spent on this image by each model
        'timings': {
            'type': 'object',
            'required': ['detection', 'attributes', 'landmarks'],
            'properties': {
                'detection': {'type': 'number', 'minimum': 0},
                'attributes': {'type': 'number', 'minimum': 0},
                'landmarks': {'type': 'number', 'minimum': 0},
            },
        },
    },
}


def validate_result(result: dict) -> None:
    """Check one image's result against :data:`FASHION_RESULT_SCHEMA`.

    ``jsonschema`` is not a dependency: this checks the keywords the
    schema uses (``type``, ``required``, ``properties``,
    ``additionalProperties``, ``items``, ``minItems``, ``maxItems``,
    ``enum``, ``minimum``), with JSON's types: a ``number`` is a finite
    int or float (JSON has no NaN), not a bool.

    Args:
        result (dict): A result of :class:`FashionInferencer`.

    Raises:
        ValueError: Naming the first part of ``result`` that does not fit,
            e.g. ``result['garments'][0]: 'bbox' is missing``.
    """
    _validate(result, FASHION_RESULT_SCHEMA, 'result')


def _validate(value, schema: dict, where: str) -> None:
    """Raise ValueError when ``value`` (at ``where``) breaks ``schema``."""
    expected = schema.get('type')
    if expected is not None and not _is_type(value, expected):
        raise ValueError(f'{where}: expected {expected}, got '
                         f'{type(value).__name__} {value!r:.60}')
    if 'enum' in schema and value not in schema['enum']:
        raise ValueError(f'{where}: {value!r} is not one of '
                         f'{schema["enum"]}')
    if 'minimum' in schema and value < schema['minimum']:
        raise ValueError(f'{where}: {value} is below the minimum '
                         f'{schema["minimum"]}')
    if isinstance(value, dict):
        for key in schema.get('required', []):
            if key not in value:
                raise ValueError(f'{where}: {key!r} is missing')
        properties = schema.get('properties', {})
        for key, item in value.items():
            item_schema = properties.get(key,
                                         schema.get('additionalProperties'))
            if isinstance(item_schema, dict):
                _validate(item, item_schema, f'{where}[{key!r}]')
    if isinstance(value, list):
        if len(value) < schema.get('minItems', 0):
            raise ValueError(f'{where}: {len(value)} items, fewer than '
                             f'{schema["minItems"]}')
        if len(value) > schema.get('maxItems', len(value)):
            raise ValueError(f'{where}: {len(value)} items, more than '
                             f'{schema["maxItems"]}')
        for index, item in enumerate(value):
            _validate(item, schema.get('items', {}), f'{where}[{index}]')


def _is_type(value, expected: str) -> bool:
    """Whether ``value`` is of the JSON type ``expected``."""
    if isinstance(value, bool):
        return expected == 'boolean'
    if expected == 'integer':
        return isinstance(value, int)
    if expected == 'number':
        return isinstance(value, (int, float)) and bool(np.isfinite(value))
    return isinstance(value, {
        'object': dict,
        'array': list,
        'string': str,
        'null': type(None)
    }[expected])


class FashionInferencer:
    """Every garment of a photo with its box, category, attributes and
    landmarks, from up to three models of the package, in the manner of
    mmpose's ``MMPoseInferencer`` (config plus weights per model; called on
    images, it yields one result a image).

    - ``detector`` (required): a bottom-up composite-fields model with a
      category field (``LandmarkCategoryHead``,
      ``configs/composite_fields/composite-fields-category_*.py``). It finds
      the garments: box, score, landmarks, and the category read from its
      category maps over each box. Category names come from its
      ``dataset_meta['category_names']`` (saved by a training on a set
      that names them); else, for a head of DeepFashion2's 13 categories
      numbered from 1 (the multi-garment configs), DeepFashion2's names
      (``'short sleeve top'``...); else ``'category <id>'``. A codec that
      gives each landmark slot a category (the all-category DeepFashion2
      model's) gives each garment its category's landmarks only.
    - ``attributes`` (optional): a multi-task model (``configs/multitask/``,
      MTL or CAT) run on each garment's box by
      :func:`~mmfashion_lm.apis.describe_garments`: its category
      (``category_multitask``) and its best attributes of each type.
    - ``landmarks`` (optional): a top-down landmark model (e.g.
      ``configs/baseline/``, ``configs/sanl/``, ``configs/lgr/``) run on
      each garment's box; its landmarks replace the detector's.

    A result (see :data:`FASHION_RESULT_SCHEMA`; plain lists, floats and
    strings, ready for ``json.dumps``): ``image`` (the path, or
    ``'array_<i>'`` for the ``i``-th input when it is an array), ``width``,
    ``height``, ``garments`` (each: ``bbox`` ``[x1, y1, x2, y2]``,
    ``score``, ``category`` ``{name, score}``, ``category_multitask`` with
    the multi-task model, ``attributes`` ``{type: [{name, score}, ...]}``
    (empty without the multi-task model), ``landmarks`` ``[{name, x, y,
    score}, ...]`` named by the landmark model's ``keypoint_id2name``, and
    ``landmark_source``, the key in :attr:`models` of the model that placed
    them) and ``timings`` (seconds of ``detection``, ``attributes`` and
    ``landmarks``; a batch's detection time shared equally by its images).

    Args:
        detector (str): Config of the bottom-up model with a category field
        detector_weights (str, optional): Its checkpoint. Defaults to None
            (untrained weights, for tests)
        attributes (str, optional): Config of a multi-task model. Defaults
            to None (no attributes)
        attributes_weights (str, optional): Its checkpoint. Defaults to
            None
        landmarks (str, optional): Config of a top-down landmark model.
            Defaults to None (the detector's landmarks)
        landmarks_weights (str, optional): Its checkpoint. Defaults to None
        device (str): Torch device of the models. Defaults to ``'cpu'``
        topk_attributes (int): How many attributes of each type, best
            first. Defaults to 3

    Attributes:
        models (dict[str, nn.Module]): The models built, by role:
            ``'detector'``, and ``'attributes'`` and ``'landmarks'`` when
            given; their ``dataset_meta`` names what they predict (e.g.
            ``skeleton_links``, to draw a garment's ``landmark_source``).

    Raises:
        ValueError: When a config's model does not fit its role (naming the
            config).
    """

    def __init__(self,
                 detector: str,
                 detector_weights: Optional[str] = None,
                 attributes: Optional[str] = None,
                 attributes_weights: Optional[str] = None,
                 landmarks: Optional[str] = None,
                 landmarks_weights: Optional[str] = None,
                 device: str = 'cpu',
                 topk_attributes: int = 3) -> None:
        # mmpose.apis loads the inferencers: imported when first needed,
        # so that importing the package stays quick
        from mmpose.apis import init_model
        self.topk_attributes = topk_attributes
        self.models: Dict[str, nn.Module] = dict(
            detector=init_model(detector, detector_weights, device=device))
        head = self.models['detector'].head
        if self.models['detector'].cfg.get('data_mode') != 'bottomup' or \
                not isinstance(head, LandmarkCategoryHead):
            raise ValueError(
                f'detector {detector}: FashionInferencer needs a bottom-up '
                'composite-fields model with a category field '
                '(LandmarkCategoryHead, configs/composite_fields/'
                f'composite-fields-category_*.py), not a '
                f'{type(head).__name__}')
        self._category_names = _category_names(
            self.models['detector'].dataset_meta, head.category_head)
        # the detector's test pipeline, built in its registry scope
        from mmengine.dataset import Compose
        from mmengine.registry import init_default_scope
        config = self.models['detector'].cfg
        init_default_scope(config.get('default_scope', 'mmpose'))
        self._detector_pipeline = Compose(
            config.test_dataloader.dataset.pipeline)
        if attributes is not None:
            self.models['attributes'] = init_model(
                attributes, attributes_weights, device=device)
            head = self.models['attributes'].head
            if not isinstance(head, MultiTaskGarmentHead):
                raise ValueError(
                    f'attributes {attributes}: needs a multi-task model '
                    '(MultiTaskGarmentHead, configs/multitask/), not a '
                    f'{type(head).__name__}')
        if landmarks is not None:
            self.models['landmarks'] = init_model(
                landmarks, landmarks_weights, device=device)
            mode = self.models['landmarks'].cfg.get('data_mode', 'topdown')
            if mode != 'topdown':
                raise ValueError(
                    f'landmarks {landmarks}: needs a top-down landmark '
                    f"model (it runs on each garment's box), not a "
                    f'{mode} one')

    def collect_inputs(self, inputs: Inputs) -> List[ImageInput]:
        """The images of ``inputs``, in order: a path as it is, a folder's
        image files sorted by name, an array as it is; a list or tuple of
        those, one after the other.

        Raises:
            FileNotFoundError: Naming a path that does not exist.
            ValueError: Naming a folder without images.
        """
        if isinstance(inputs, (str, os.PathLike, np.ndarray)):
            inputs = [inputs]
        images = []
        for item in inputs:
            if isinstance(item, np.ndarray):
                images.append(item)
                continue
            item = os.fspath(item)
            if osp.isdir(item):
                found = sorted(
                    osp.join(item, name) for name in os.listdir(item)
                    if _is_image_name(name))
                if not found:
                    raise ValueError(f'no image files in folder {item}')
                images.extend(found)
            elif osp.isfile(item):
                images.append(item)
            else:
                raise FileNotFoundError(f'image file {item} does not exist')
        return images

    def __call__(self,
                 inputs: Inputs,
                 batch_size: int = 1,
                 return_images: bool = False) -> Iterator:
        """Describe the garments of every image of ``inputs``.

        The inputs are listed (:meth:`collect_inputs`) when called, so that
        a missing path fails at once; each image is read when its batch
        comes.

        Args:
            inputs (str | np.ndarray | list): An image path, a folder, a
                BGR array (H, W, 3), or a list of those. Grayscale (a 2-D
                array, (H, W, 1), a 1-channel file) and BGRA images are
                converted to BGR
            batch_size (int): Images a forward pass of the detector; images
                whose inputs differ in size are run apart. The other models
                run all garments of one image at once. Defaults to 1
            return_images (bool): Yield ``(image, result)`` pairs, the
                image the BGR array (H, W, 3) the models saw (e.g. to draw
                on, without reading the file again). Defaults to False

        Returns:
            Iterator[dict]: One result a image, in order (see the class
            doc); ``(image, result)`` pairs with ``return_images``.

        Raises:
            FileNotFoundError: Naming a path that does not exist.
            ValueError: When ``batch_size`` is below 1; naming a folder
                without images or a file that cannot be read as an image
                (when its batch comes).
        """
        if batch_size < 1:
            raise ValueError(f'batch_size must be >= 1, got {batch_size}')
        pairs = self._results(self.collect_inputs(inputs), batch_size)
        if return_images:
            return pairs
        return (result for _, result in pairs)

    def _results(self, images: List[ImageInput],
                 batch_size: int) -> Iterator[tuple]:
        """``(image, result)`` of each of ``images``, read and detected a
        batch at a time."""
        for start in range(0, len(images), batch_size):
            batch = images[start:start + batch_size]
            names = [
                image if isinstance(image, str) else f'array_{index}'
                for index, image in enumerate(batch, start)
            ]
            arrays = [_read_bgr(image) for image in batch]
            began = time.perf_counter()
            detected = self._detect(arrays)
            detection_time = (time.perf_counter() - began) / len(arrays)
            for name, array, instances in zip(names, arrays, detected):
                yield array, self._describe(name, array, instances,
                                            detection_time)

    def _detect(self, arrays: List[np.ndarray]) -> list:
        """The detector's ``pred_instances`` of each image (image pixels),
        as mmpose's ``inference_bottomup`` gives them, one forward pass for
        the images whose inputs have one size."""
        from mmengine.dataset import pseudo_collate
        model = self.models['detector']
        samples = [
            self._detector_pipeline(dict(img=a, **model.dataset_meta))
            for a in arrays
        ]
        by_shape: Dict[tuple, List[int]] = {}
        for index, sample in enumerate(samples):
            by_shape.setdefault(tuple(sample['inputs'].shape),
                                []).append(index)
        instances = [None] * len(samples)
        for indices in by_shape.values():
            with torch.no_grad():
                predicted = model.test_step(
                    pseudo_collate([samples[i] for i in indices]))
            for index, prediction in zip(indices, predicted):
                instances[index] = prediction.pred_instances
        return instances

    def _describe(self, name: str, image: np.ndarray, instances,
                  detection_time: float) -> dict:
        """The result of one image from its detected instances."""
        bboxes = np.asarray(instances.bboxes, np.float32).reshape(-1, 4)
        garments = [
            dict(
                bbox=[float(v) for v in bboxes[i]],
                score=float(instances.bbox_scores[i]),
                category=self._detector_category(instances, i),
                attributes={},
                **_landmarks(
                    instances.keypoints[i], instances.keypoint_scores[i],
                    self.models['detector'].dataset_meta, 'detector',
                    self._own_slots(instances, i)))
            for i in range(len(bboxes))
        ]
        timings = dict(
            detection=detection_time, attributes=0.0, landmarks=0.0)
        # without boxes the top-down calls would take the whole image as
        # one garment
        boxes = _at_least_a_pixel(bboxes)
        if garments and 'attributes' in self.models:
            began = time.perf_counter()
            self._add_attributes(garments, image, boxes)
            timings['attributes'] = time.perf_counter() - began
        if garments and 'landmarks' in self.models:
            began = time.perf_counter()
            self._replace_landmarks(garments, image, boxes)
            timings['landmarks'] = time.perf_counter() - began
        height, width = image.shape[:2]
        return dict(
            image=name,
            width=int(width),
            height=int(height),
            garments=garments,
            timings=timings)

    def _detector_category(self, instances, index: int) -> dict:
        """Garment ``index``'s category from the detector's category field:
        its ``category_id`` (index + the head's ``category_id_offset``)
        and that category's score."""
        head = self.models['detector'].head.category_head
        category = int(instances.category_id[index]) - \
            head.category_id_offset
        return dict(
            name=self._category_names[category],
            score=float(instances.category_scores[index][category]))

    def _add_attributes(self, garments: List[dict], image: np.ndarray,
                        bboxes: np.ndarray) -> None:
        described = describe_garments(
            self.models['attributes'],
            image,
            bboxes,
            topk_attributes=self.topk_attributes)
        for garment, description in zip(garments, described):
            garment['category_multitask'] = dict(
                name=str(description['category']['name']),
                score=float(description['category']['score']))
            garment['attributes'] = {
                str(group): [
                    dict(name=str(name), score=float(score))
                    for name, score in attributes
                ]
                for group, attributes in description['attributes'].items()
            }

    def _own_slots(self, instances, index: int) -> Optional[np.ndarray]:
        """The landmark slots of the ``index``-th garment's category when
        the detector's codec gives each slot a category (the all-category
        DeepFashion2 model: 294 slots, a garment's landmarks in its
        category's); else None (all)."""
        slot_categories = self.models['detector'].head.decoder.slot_categories
        if slot_categories is None:
            return None
        return np.flatnonzero(
            slot_categories == instances.category_id[index])

    def _replace_landmarks(self, garments: List[dict], image: np.ndarray,
                           bboxes: np.ndarray) -> None:
        from mmpose.apis import inference_topdown
        from mmpose.structures import merge_data_samples
        model = self.models['landmarks']
        predicted = merge_data_samples(
            inference_topdown(model, image, bboxes)).pred_instances
        for i, garment in enumerate(garments):
            garment.update(
                _landmarks(predicted.keypoints[i],
                           predicted.keypoint_scores[i], model.dataset_meta,
                           'landmarks'))


def _category_names(dataset_meta: Optional[dict], category_head) -> list:
    """The detector's category names, by category index (see
    :class:`FashionInferencer`)."""
    count = category_head.num_categories
    offset = category_head.category_id_offset
    names = (dataset_meta or {}).get('category_names')
    if names is not None:
        if len(names) != count:
            raise ValueError(
                f"the detector's dataset_meta names {len(names)} "
                f'categories; its category head has {count}')
        return [str(name) for name in names]
    # the multi-garment configs' labels: DeepFashion2's category ids
    if count == len(DF2_CATEGORIES) and offset == 1:
        return [category['annotation_name'] for category in DF2_CATEGORIES]
    return [f'category {index + offset}' for index in range(count)]


def _at_least_a_pixel(bboxes: np.ndarray) -> np.ndarray:
    """Boxes ``x1 y1 x2 y2`` widened about their centres to at least a
    pixel a side: a garment decoded from landmarks in a line has a box of
    no height (or width), which the top-down pipelines divide by."""
    centres = (bboxes[:, :2] + bboxes[:, 2:]) / 2
    halves = np.maximum((bboxes[:, 2:] - bboxes[:, :2]) / 2, 0.5)
    return np.concatenate([centres - halves, centres + halves], axis=1)


def _landmarks(keypoints: np.ndarray,
               scores: np.ndarray,
               dataset_meta: dict,
               source: str,
               slots: Optional[np.ndarray] = None) -> dict:
    """A garment's ``landmarks`` (named by ``keypoint_id2name``; only
    those of ``slots`` when given) and their ``landmark_source``."""
    names = dataset_meta['keypoint_id2name']
    if slots is None:
        slots = range(len(keypoints))
    return dict(
        landmarks=[
            dict(name=str(names[k]), x=float(keypoints[k][0]),
                 y=float(keypoints[k][1]), score=float(scores[k]))
            for k in slots
        ],
        landmark_source=source)


def _is_image_name(name: str) -> bool:
    kind = mimetypes.guess_type(name)[0]
    return kind is not None and kind.startswith('image/')


def _read_bgr(image: ImageInput) -> np.ndarray:
    """The image of a path or an array as a BGR array (H, W, 3): grayscale
    repeated into three channels, BGRA's alpha dropped.

    Raises:
        ValueError: Naming a file OpenCV cannot decode, or an array of
            another shape.
    """
    if isinstance(image, str):
        # a 1-channel file comes back with three
        array = mmcv.imread(image)
        if array is None:
            raise ValueError(f'cannot read image file {image}: not an '
                             'image format OpenCV decodes, or damaged')
        return array
    if image.ndim == 2:
        image = image[:, :, None]
    if image.ndim == 3 and image.shape[2] == 1:
        return np.repeat(image, 3, axis=2)
    if image.ndim == 3 and image.shape[2] == 4:
        return image[:, :, :3]
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f'an image array must be (H, W), (H, W, 1), '
                         f'(H, W, 3) or (H, W, 4), got {image.shape}')
    return image
