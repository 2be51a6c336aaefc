from typing import Dict, Mapping, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmpose.registry import METRICS
from terminaltables import AsciiTable

from ...datasets.metainfo.deepfashion2 import CATEGORY_BY_ID, NUM_SLOTS
from ..functional import deepfashion2_keypoint_ap


@METRICS.register_module()
class DeepFashion2KeypointAPMetric(BaseMetric):
    """DeepFashion2 landmark AP: COCO keypoint AP with the official OKS
    sigmas, scored per clothing category on its own slice of the 294 slots.

    See :func:`mmfashion_lm.evaluation.functional.deepfashion2_keypoint_ap`
    for the definition. From each data sample (one image for a bottom-up
    model, one item for a top-down one) the metric reads

    - ``pred_instances.keypoints`` (n, 294, 2) and
      ``pred_instances.keypoint_scores`` (n, 294), in original image pixels;
    - the predicted category: ``pred_instances.category_id`` (n,), 1..13,
      when the model predicts one, otherwise the sample's ``category_id``
      (the category of the ground-truth box a top-down model was given);
    - ``pred_instances.bbox_scores`` (n,) when present (else 1); an
      instance's score is its box score times the mean keypoint score over
      its category's slice;
    - ``img_id`` and ``raw_ann_info``, the sample's ground-truth annotation
      dict(s) as in the COCO-style json (``id``, ``image_id``,
      ``category_id``, 294 x 3 ``keypoints``, ``bbox``, ``area``), which
      mmpose's ``PackPoseInputs`` keeps by default.

    A sample of one category on its own
    (:class:`~mmfashion_lm.datasets.DeepFashion2CategoryDataset`) may hold
    that category's landmarks only, in predictions and ground truth alike:
    they are scored in their slots of the 294.

    The ground truth is that of the evaluated images only, so evaluating a
    subset of a dataset scores that subset.

    Args:
        collect_device (str): Device used to collect results across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the metric names. Defaults to
            None: ``'deepfashion2'``.
        collect_dir (str, optional): Directory shared by all ranks in which
            results are collected with ``collect_device='cpu'``; only for
            distributed runs. Defaults to None (a temporary directory).

    Returns (from :meth:`compute_metrics`), all in [0, 1]:
        ``'AP'``, ``'AP50'``, ``'AP75'`` (means over the categories with
        ground truth) and ``'AP/<category name>'``, prefixed
        (``'deepfashion2/AP'`` by default, like mmpose's ``'coco/AP'``). A
        per-category table is logged.
    """

    default_prefix: Optional[str] = 'deepfashion2'

    def process(self, data_batch: Sequence[dict],
                data_samples: Sequence[dict]) -> None:
        """Turn the predictions of a batch into COCO detections and collect
        them with the ground-truth annotations (see the class doc)."""
        for data_sample in data_samples:
            pred_instances = data_sample['pred_instances']
            keypoints = np.asarray(pred_instances['keypoints'])
            keypoint_scores = np.asarray(pred_instances['keypoint_scores'])
            num_instances = len(keypoints)
            if 'category_id' in pred_instances:
                category_ids = np.asarray(pred_instances['category_id'])
            elif np.ndim(data_sample['category_id']) == 0:
                category_ids = np.full(num_instances,
                                       data_sample['category_id'])
            else:
                # a bottom-up sample holds the categories of all its items:
                # which predicted garment is which is the model's to say
                raise ValueError(
                    f'{self.__class__.__name__}: a sample of several items '
                    '(bottom-up) needs pred_instances.category_id, the '
                    'predicted category of each garment; this model '
                    'predicts none')
            bbox_scores = np.asarray(
                pred_instances.get('bbox_scores', np.ones(num_instances)))

            detections = []
            for points, scores, category_id, bbox_score in zip(
                    keypoints, keypoint_scores, category_ids, bbox_scores):
                category = CATEGORY_BY_ID.get(int(category_id))
                if category is None:
                    raise ValueError(
                        f'the predicted category_id must be a DeepFashion2 '
                        f'category in 1..{len(CATEGORY_BY_ID)}'
                        f', got {category_id}')
                points = _in_slots(points, category, 'predicted keypoints')
                scores = _in_slots(scores[:, None], category,
                                   'predicted keypoint scores')[:, 0]
                detections.append(
                    dict(
                        image_id=data_sample['img_id'],
                        category_id=int(category_id),
                        keypoints=np.column_stack([points, scores]),
                        score=float(
                            bbox_score *
                            scores[category['start']:category['end']].mean())))

            raw_ann_info = data_sample['raw_ann_info']
            annotations = raw_ann_info if isinstance(raw_ann_info,
                                                     list) else [raw_ann_info]
            self.results.append(
                dict(
                    img_id=data_sample['img_id'],
                    detections=detections,
                    annotations=[_ann_in_slots(ann) for ann in annotations]))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Score all collected detections against the ground truth of the
        evaluated images and log the per-category table."""
        # A top-down model sees an image once per item, so images and
        # annotations repeat across results.
        image_ids = sorted({result['img_id'] for result in results})
        annotations = {
            ann['id']: ann
            for result in results
            for ann in result['annotations']
        }
        ap = deepfashion2_keypoint_ap(
            dict(
                images=[dict(id=image_id) for image_id in image_ids],
                annotations=list(annotations.values())),
            [det for result in results for det in result['detections']])

        metrics = {key: ap[key] for key in ('AP', 'AP50', 'AP75')}
        table = [['category', 'AP', 'AP50', 'AP75']]
        for category_id, category_ap in ap['per_category'].items():
            name = CATEGORY_BY_ID[category_id]['name']
            metrics[f'AP/{name}'] = category_ap['AP']
            table.append(
                [name, *(f'{category_ap[key]:.4f}' for key in category_ap)])
        table.append(
            ['mean', *(f'{metrics[key]:.4f}' for key in table[0][1:])])
        MMLogger.get_current_instance().info('DeepFashion2 landmark AP:\n' +
                                             AsciiTable(table).table)
        return metrics


def _in_slots(keypoints: np.ndarray, category: Mapping,
              what: str) -> np.ndarray:
    """``(K, C)`` per-keypoint values in the 294 slots: as they are when
    ``K`` is 294, placed in the slots of ``category`` (zeros elsewhere) when
    ``K`` is its landmark count."""
    if len(keypoints) == NUM_SLOTS:
        return keypoints
    if len(keypoints) != category['num_landmarks']:
        raise ValueError(
            f'{what}: {len(keypoints)} keypoints, expected the {NUM_SLOTS} '
            f'slots of DeepFashion2 or the {category["num_landmarks"]} '
            f'landmarks of category {category["id"]} ({category["name"]})')
    slots = np.zeros((NUM_SLOTS, keypoints.shape[1]), keypoints.dtype)
    slots[category['start']:category['end']] = keypoints
    return slots


def _ann_in_slots(ann: dict) -> dict:
    """A ground-truth annotation with its keypoints in the 294 slots."""
    category = CATEGORY_BY_ID.get(ann.get('category_id'))
    keypoints = np.asarray(ann.get('keypoints', ()), dtype=np.float64)
    if category is None or keypoints.size == 3 * NUM_SLOTS:
        return ann  # checked by deepfashion2_keypoint_ap
    slots = _in_slots(
        keypoints.reshape(-1, 3), category,
        f'ground-truth annotation {ann.get("id")}')
    return dict(ann, keypoints=slots.ravel().tolist())
