"""The garment's box resized to the model input without keeping its aspect
ratio (Liu & Lu's framing)."""
import cv2
import numpy as np
from mmpose.datasets.transforms import TopdownAffine
from mmpose.registry import TRANSFORMS
from mmpose.structures.bbox import get_warp_matrix


@TRANSFORMS.register_module()
class TopdownBoxResize(TopdownAffine):
    """mmpose's ``TopdownAffine`` that stretches the box to the input size
    instead of widening it to the input's aspect ratio: the framing of Liu
    & Lu's DeepFashion-C protocol (``BBOXRESIZE``: the image cropped by the
    ground-truth box and resized to 224 x 224, for training and test;
    docs/metrics.md), with ``GetBBoxCenterScale(padding=1.0)`` before it.

    The box's width spans the input's width and its height the input's
    height; a rotation (``bbox_rotation``, from ``RandomBBoxTransform``)
    turns the box about its centre first. ``input_center`` and
    ``input_scale`` are the box's centre and size, so mmpose's estimators
    map predictions back to the image per axis as usual
    (``keypoints / input_size * input_scale + input_center -
    input_scale / 2``). A box side under one pixel (a garment annotated
    as a line, or a point) is framed as one pixel wide, as
    :class:`~mmfashion_lm.apis.FashionInferencer` frames such boxes.

    Args:
        input_size (tuple[int, int]): The model input ``(w, h)``
    """

    def __init__(self, input_size):
        super().__init__(input_size, use_udp=False)

    def transform(self, results: dict) -> dict:
        w, h = self.input_size
        assert results['bbox_center'].shape[0] == 1, (
            'TopdownBoxResize frames one garment a sample, got '
            f'{results["bbox_center"].shape[0]} boxes')
        center = results['bbox_center'][0]
        # a zero side would divide by zero in the warp
        scale = np.maximum(results['bbox_scale'][0], 1.0)
        rotation = results['bbox_rotation'][0] \
            if 'bbox_rotation' in results else 0.
        # mmpose's warp keeps the box's aspect: its height lands at
        # w * box_h / box_w; stretch it to h
        kept_height = w * scale[1] / scale[0]
        warp = get_warp_matrix(center, scale, rotation,
                               output_size=(w, kept_height))
        warp = np.diag([1.0, h / kept_height]) @ warp
        results['img'] = cv2.warpAffine(
            results['img'], warp, (int(w), int(h)), flags=cv2.INTER_LINEAR)
        if results.get('keypoints') is not None:
            keypoints = results['keypoints'].copy()
            keypoints[..., :2] = cv2.transform(
                results['keypoints'][..., :2], warp)
            results['transformed_keypoints'] = keypoints
        results['input_size'] = (w, h)
        results['input_center'] = center
        results['input_scale'] = scale
        return results
