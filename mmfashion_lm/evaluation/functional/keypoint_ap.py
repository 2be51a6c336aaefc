"""DeepFashion2 landmark average precision: COCO keypoint AP with the
official per-landmark OKS sigmas, scored per clothing category."""
import contextlib
import io
from collections import defaultdict
from typing import Dict, List, Sequence

import numpy as np
from xtcocotools.coco import COCO
from xtcocotools.cocoeval import COCOeval

from ...datasets.metainfo.deepfashion2 import CATEGORY_BY_ID, NUM_SLOTS


def _group_by_category(anns: Sequence[dict], source: str,
                       fields: Sequence[str]) -> Dict[int, List[dict]]:
    """Fresh copies (COCO and COCOeval write into them) of ``anns`` grouped
    by category id, each with its ``fields`` and only its category's slice
    of the 294 keypoint slots."""
    grouped = defaultdict(list)
    for ann in anns:
        missing = [key for key in (*fields, 'keypoints') if key not in ann]
        if missing:
            raise ValueError(f'each {source} needs {missing}')
        category = CATEGORY_BY_ID.get(ann['category_id'])
        if category is None:
            raise ValueError(
                f'{source} category_id must be a DeepFashion2 category in '
                f'1..{len(CATEGORY_BY_ID)}, got {ann["category_id"]}')
        keypoints = np.asarray(ann['keypoints'], dtype=np.float64)
        if keypoints.size != NUM_SLOTS * 3:
            raise ValueError(f'{source} keypoints must have shape '
                             f'({NUM_SLOTS} * 3,) or ({NUM_SLOTS}, 3), got '
                             f'{keypoints.shape}')
        keypoints = keypoints.reshape(NUM_SLOTS, 3)
        start, end = category['start'], category['end']
        copy = {key: ann[key] for key in fields}
        copy['keypoints'] = keypoints[start:end].ravel().tolist()
        grouped[category['id']].append(copy)
    return grouped


def _evaluate_category(image_ids: List[int], gt_anns: List[dict],
                       dt_anns: List[dict], category: dict) -> np.ndarray:
    """COCOeval keypoint stats (AP, AP50, AP75, ...) of one category on its
    own keypoint slice."""
    coco_gt = COCO()
    coco_gt.dataset = dict(
        images=[dict(id=image_id) for image_id in image_ids],
        annotations=gt_anns,
        categories=[dict(id=category['id'], name=category['name'])])
    # COCO / COCOeval print progress and the summary table; the metric
    # reports its own numbers instead.
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt.createIndex()
        coco_dt = coco_gt.loadRes(dt_anns)
        coco_eval = COCOeval(
            coco_gt,
            coco_dt,
            'keypoints',
            np.array(category['sigmas']),
            use_area=True)
        coco_eval.evaluate()
        coco_eval.accumulate()
        coco_eval.summarize()
    return coco_eval.stats


def deepfashion2_keypoint_ap(gt: dict,
                             detections: Sequence[dict]) -> Dict[str, object]:
    """DeepFashion2 landmark AP, AP50 and AP75, per category and averaged.

    The object keypoint similarity of a detection ``d`` and a ground-truth
    item ``g`` of the same category is

    .. math::

        OKS = \\frac{1}{|V|} \\sum_{j \\in V}
              \\exp\\left(-\\frac{\\lVert d_j - g_j \\rVert^2}
                               {2 \\, a_g \\, (2 \\sigma_j)^2}\\right)

    over the labelled landmarks ``V`` of ``g`` (v > 0), with ``a_g`` the
    item's area and ``sigma_j`` the official DeepFashion2 sigma of landmark
    ``j``. AP is COCO's: precision averaged over 101 recall points and the
    OKS thresholds 0.50:0.05:0.95 (AP50 / AP75 at one threshold), at most
    20 detections per image and category, all areas.

    Each category is scored on its own: only its ground-truth items and
    detections, only its slice ``[start, end)`` of the 294 keypoint slots,
    with its sigmas; a detection is thus scored on the slice of the category
    it predicts. The overall values are the means over the categories that
    have ground truth, which is what the official all-category COCOeval
    reports (it averages the precision over categories).

    Args:
        gt (dict): COCO keypoint ground truth. ``images``: dicts with
            ``id``; ``annotations``: dicts with ``id``, ``image_id``,
            ``category_id`` (DeepFashion2 category, 1..13), ``keypoints``
            (294 x 3 values x, y, v, flat or nested, zero outside the
            category's slice), ``bbox`` ([x, y, w, h]), ``area`` and
            optionally ``iscrowd``. Not modified.
        detections (Sequence[dict]): One dict per detected item:
            ``image_id``, ``category_id`` (predicted category), ``keypoints``
            (294 x 3 values x, y, score) and ``score``. Not modified.

    Returns:
        dict: ``'AP'``, ``'AP50'``, ``'AP75'`` (floats in [0, 1]; NaN when
        no category has ground truth) and ``'per_category'``:
        ``{category_id: {'AP': ..., 'AP50': ..., 'AP75': ...}}`` for the
        categories that have ground truth.
    """
    # COCO's default for a missing iscrowd, made explicit as COCOeval reads
    # it from every annotation.
    annotations = [
        dict(ann, iscrowd=ann.get('iscrowd', 0)) for ann in gt['annotations']
    ]
    gt_anns = _group_by_category(
        annotations, 'gt annotation',
        ('id', 'image_id', 'category_id', 'bbox', 'area', 'iscrowd'))
    dt_anns = _group_by_category(detections, 'detection',
                                 ('image_id', 'category_id', 'score'))
    image_ids = [image['id'] for image in gt['images']]
    unknown = {dt['image_id'] for dt in detections}.difference(image_ids)
    if unknown:
        raise ValueError(f'detections refer to images not in gt["images"]: '
                         f'{sorted(unknown)}')

    per_category = {}
    # Categories without ground truth are left out: COCO leaves their AP
    # undefined (-1).
    for category_id in sorted(gt_anns):
        stats = _evaluate_category(image_ids, gt_anns[category_id],
                                   dt_anns[category_id],
                                   CATEGORY_BY_ID[category_id])
        per_category[category_id] = dict(
            AP=float(stats[0]), AP50=float(stats[1]), AP75=float(stats[2]))

    results = {
        key:
        float(np.mean([ap[key] for ap in per_category.values()]))
        if per_category else float('nan')
        for key in ('AP', 'AP50', 'AP75')
    }
    results['per_category'] = per_category
    return results
