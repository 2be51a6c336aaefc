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
    meta = model.dataset_meta or {}
    samples = inference_topdown(model, img, bboxes)
    garments = []
    for sample in samples:
        pred = sample.pred_instances
        if 'category_scores' not in pred:
            raise ValueError(
                'describe_garments needs a multi-task model '
                '(MultiTaskGarmentHead, configs/multitask/); this one '
                'predicts no category_scores')
        scores = np.asarray(pred.category_scores[0])
        names = meta.get('category_names') or [
            f'category {i}' for i in range(len(scores))
        ]
        order = np.argsort(-scores, kind='stable')[:topk_categories]
        categories = [
            dict(name=names[i], score=float(scores[i])) for i in order
        ]
        garments.append(
            dict(
                bbox=np.asarray(pred.bboxes[0]),
                category=categories[0],
                categories=categories,
                attributes=_attributes_by_type(pred, meta, topk_attributes),
                keypoints=np.asarray(pred.keypoints[0]),
                keypoint_scores=np.asarray(pred.keypoint_scores[0])))
    return garments


def _attributes_by_type(pred, meta: dict, topk: int) -> Dict[str, list]:
    """Per attribute type, its ``topk`` best ``(name, score)``."""
    if 'attribute_scores' not in pred:
        return {}
    scores = np.asarray(pred.attribute_scores[0])
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
