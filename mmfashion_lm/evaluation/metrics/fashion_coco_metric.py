from typing import Optional, Sequence

import numpy as np
from mmpose.evaluation.metrics import CocoMetric
from mmpose.registry import METRICS

#: The OKS sigma of each landmark where the dataset has none (ours, see
#: :class:`FashionCocoMetric`); the composite-fields codec's default too.
DEFAULT_SIGMA = 0.05


@METRICS.register_module()
class FashionCocoMetric(CocoMetric):
    """Multi-instance keypoint AP (COCO's, by mmpose's :class:`CocoMetric`)
    of a bottom-up model on images of several garments in one landmark
    layout of one class, e.g. the synthetic set's multi-garment images in
    the 8 slots of DeepFashion's full-body layout
    (``deepfashion2_<split>_deepfashion.json``, docs/datasets.md).

    mmpose's ``CocoMetric`` does not score these as it is: its OKS sigmas
    come from the dataset's metainfo, and DeepFashion / FLD have none (none
    were ever published); it needs ``CLASSES`` in the metainfo to write the
    ground truth it converts from the samples; and a bottom-up sample's
    ``category_id`` is a list (one per annotation), which it writes into
    every detection as it is, and xtcocotools then fails. This metric:

    - takes ``sigmas`` when given, else the dataset's, else ``default_sigma``
      for every landmark: 0.05, ours, not a published constant (0.05 is
      about the size of COCO's body sigmas, from 0.025 for the eyes to
      0.107 for the hips, and DeepFashion2's clothing sigmas);
    - scores one class (``category_id`` 1, as the converters write the
      DeepFashion / FLD json) for every detection and annotation;
    - takes the ground truth from the evaluated samples (``raw_ann_info``)
      unless ``ann_file`` is given, never from another dataset's file that
      mmpose's message hub may name.

    Everything else is ``CocoMetric``'s (AP over OKS 0.50:0.05:0.95, AR;
    ``score_mode`` 'bbox_keypoint', ``nms_mode`` 'oks_nms' with ``nms_thr``
    0.9 by default; keys ``'coco/AP'``, ``'coco/AP .5'``, ...).

    Args:
        sigmas (Sequence[float], optional): One OKS sigma per landmark.
            Defaults to None: the dataset's, or ``default_sigma`` each when
            it has none.
        default_sigma (float): The sigma of each landmark when neither
            ``sigmas`` nor the dataset gives them. Defaults to 0.05.
        **kwargs: The arguments of mmpose's ``CocoMetric`` (``ann_file``,
            ``use_area``, ``score_mode``, ``keypoint_score_thr``,
            ``nms_mode``, ``nms_thr``, ``prefix``, ...).
    """

    def __init__(self,
                 sigmas: Optional[Sequence[float]] = None,
                 default_sigma: float = DEFAULT_SIGMA,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if default_sigma <= 0:
            raise ValueError(f'default_sigma must be > 0, got {default_sigma}')
        self.sigmas = None if sigmas is None else np.asarray(
            sigmas, np.float32)
        self.default_sigma = default_sigma

    @property
    def dataset_meta(self) -> Optional[dict]:
        """The dataset's metainfo, with the sigmas and the class scored."""
        return self._dataset_meta

    @dataset_meta.setter
    def dataset_meta(self, dataset_meta: dict) -> None:
        dataset_meta = dict(dataset_meta)
        num_keypoints = dataset_meta['num_keypoints']
        if self.sigmas is not None:
            sigmas = self.sigmas
        elif len(dataset_meta.get('sigmas', ())):
            sigmas = np.asarray(dataset_meta['sigmas'], np.float32)
        else:
            sigmas = np.full(num_keypoints, self.default_sigma, np.float32)
        if len(sigmas) != num_keypoints:
            raise ValueError(f'{len(sigmas)} sigmas for the dataset\'s '
                             f'{num_keypoints} keypoints')
        dataset_meta['sigmas'] = sigmas
        dataset_meta.setdefault(
            'CLASSES', [dict(id=1, name='clothes', supercategory='clothes')])
        self._dataset_meta = dataset_meta

    def process(self, data_batch: Sequence[dict],
                data_samples: Sequence[dict]) -> None:
        """``CocoMetric``'s, with every detection and annotation of the one
        class, ``category_id`` 1."""
        start = len(self.results)
        super().process(data_batch, data_samples)
        for pred, gt in self.results[start:]:
            pred['category_id'] = 1
            if 'raw_ann_info' in gt:
                gt['raw_ann_info'] = [
                    dict(ann, category_id=1) for ann in gt['raw_ann_info']
                    if ann is not None
                ]
