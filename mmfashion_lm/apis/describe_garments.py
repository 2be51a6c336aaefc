"""One call for a garment's landmarks, category and attributes."""
from typing import Dict, List, Optional, Union

import numpy as np
from torch import nn

from ..evaluation.metrics.category_attribute_metric import \
    DEEPFASHION_ATTRIBUTE_GROUPS


def describe_garments(model: nn.Module,
                      img: Union[str, np.ndarray],
                      bboxes: Optional[np.ndarray] = None,
                      topk_categories: int = 3,
                      topk_attributes: int = 3) -> List[Dict]:
    """Describe the garments in an image with a multi-task model
    (``MultiTaskGarmentHead``; docs/methods/multitask.md): per garment box,
    its category, its most likely attributes of each type, and its
    landmarks.

    The model is mmpose's top-down estimator as ``mmpose.apis.init_model``
    builds it from a config of ``configs/multitask/`` and a checkpoint; the
    names come from its ``dataset_meta`` (``category_names``,
    ``attribute_names``, ``attribute_groups``, which training saves in the
    checkpoint), numbered when it has none.

    Args:
        model (nn.Module): The model, from ``mmpose.apis.init_model``
        img (str | np.ndarray): The image, a path or a BGR array
        bboxes (np.ndarray, optional): Garment boxes ``x1 y1 x2 y2`` in
            pixels, (N, 4). Defaults to None: the whole image is one
            garment
        topk_categories (int): How many categories, best first. Defaults
            to 3
        topk_attributes (int): How many attributes of each type, best
            first. Defaults to 3

    Returns:
        list[dict]: One dict per box: ``bbox`` (4, ), ``category`` (the
        best: ``name``, ``score``), ``categories`` (the best
        ``topk_categories``), ``attributes`` (type name -> list of
        ``(name, score)``, best first; empty for a model without attribute
        head), ``keypoints`` (K, 2) in image pixels and
        ``keypoint_scores`` (K, ) (K = 0 for CAT).
    """
    # mmpose.apis loads the inferencers: imported when first needed, so
    # that importing the package stays quick
    from mmpose.apis import inference_topdown
    from mmpose.structures import merge_data_samples
    samples = inference_topdown(model, img, bboxes)
    return describe_instances(
        merge_data_samples(samples).pred_instances, model.dataset_meta,
        topk_categories, topk_attributes)


def describe_instances(pred_instances,
                       dataset_meta: Optional[dict],
                       topk_categories: int = 3,
                       topk_attributes: int = 3) -> List[Dict]:
    """The garments of predictions a multi-task model has made (one per
    instance of ``pred_instances``, in image pixels), described as
    :func:`describe_garments` describes them; for callers that already
    ran the model (``demo/image_demo.py``).

    Raises:
        ValueError: When the predictions carry no ``category_scores`` (not
            a multi-task model).
    """
    if 'category_scores' not in pred_instances:
        raise ValueError(
            'describe_garments needs a multi-task model '
            '(MultiTaskGarmentHead, configs/multitask/); this one '
            'predicts no category_scores')
    meta = dataset_meta or {}
    garments = []
    for index in range(len(pred_instances.category_scores)):
        scores = np.asarray(pred_instances.category_scores[index])
        names = meta.get('category_names') or [
            f'category {i}' for i in range(len(scores))
        ]
        order = np.argsort(-scores, kind='stable')[:topk_categories]
        categories = [
            dict(name=names[i], score=float(scores[i])) for i in order
        ]
        garments.append(
            dict(
                bbox=np.asarray(pred_instances.bboxes[index]),
                category=categories[0],
                categories=categories,
                attributes=_attributes_by_type(pred_instances, index, meta,
                                               topk_attributes),
                keypoints=np.asarray(pred_instances.keypoints[index]),
                keypoint_scores=np.asarray(
                    pred_instances.keypoint_scores[index])))
    return garments


def _attributes_by_type(pred_instances, index: int, meta: dict,
                        topk: int) -> Dict[str, list]:
    """Per attribute type, the ``topk`` best ``(name, score)`` of instance
    ``index``."""
    if 'attribute_scores' not in pred_instances:
        return {}
    scores = np.asarray(pred_instances.attribute_scores[index])
    names = meta.get('attribute_names') or [
        f'attribute {i}' for i in range(len(scores))
    ]
    groups = meta.get('attribute_groups')
    groups = np.zeros(len(scores), int) if groups is None else \
        np.asarray(groups)
    described = {}
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        best = members[np.argsort(-scores[members], kind='stable')[:topk]]
        name = DEEPFASHION_ATTRIBUTE_GROUPS.get(int(group), 'attributes')
        described[name] = [(names[i], float(scores[i])) for i in best]
    return described
