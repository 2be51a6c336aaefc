"""The crop protocol of a bottom-up model's evaluation: the image cropped by
the garment's ground-truth box, then resized into the model input."""
from typing import Optional, Tuple

import cv2
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS
from mmpose.structures.bbox import get_warp_matrix

from .crop_garment_box import CropGarmentBox


@TRANSFORMS.register_module()
class BottomupBoxCrop(BaseTransform):
    """Crop the image by the annotated garment's box and resize the crop
    into the model input, aspect ratio kept, padded: the evaluation that
    seed 003 (section 4.2.4) argues is fair for a bottom-up model on
    DeepFashion, whose images annotate one garment among several ("the
    image is first cropped by a bounding box, and then the prediction is
    made over the cropped image").

    It stands where ``BottomupResize`` stands in a bottom-up test pipeline
    and sets what that sets (``img``, ``img_shape``, ``input_size``,
    ``input_center``, ``input_scale``), so that mmpose's
    ``BottomupPoseEstimator`` maps the predictions back to the original
    image's pixels, where the ground truth (untouched) and the evaluated
    frame of :class:`~mmfashion_lm.evaluation.FashionNEMetric`
    (``norm_mode='bbox'``: the same box, from ``raw_ann_info``) are. The
    crop is :class:`CropGarmentBox`'s (rounded to whole pixels; its part
    outside the image filled with ``pad_val``), of the box's aspect ratio or,
    with ``context``, of the input's; everything outside the crop is
    ``pad_val`` in the input too, as if the crop were the image.

    A sample without annotation or box (an image handed to
    ``MMPoseInferencer``, which runs the config's test pipeline) is framed
    whole, as ``BottomupResize(resize_mode='fit')`` frames it, so that one
    test pipeline serves the protocol and inference.

    Required Keys:

        - img
        - raw_ann_info (one annotation; a list of one, bottom-up) with
          ``bbox`` ``[x, y, w, h]``, or else bbox ``(1, 4)`` xyxy, or
          neither (the whole image)

    Modified Keys:

        - img
        - img_shape

    Added Keys:

        - input_size: ``(w, h)``
        - input_center: the crop's centre, original pixels
        - input_scale: the ``(w, h)`` of original pixels the input spans
        - crop_bbox: the crop ``[x1, y1, x2, y2]``, int, original pixels

    Args:
        input_size (tuple[int, int]): The model input ``(w, h)``, the
            codec's ``input_size``.
        padding (float): Factor on the box's width and height around its
            centre (> 0). Defaults to 1.0: the box itself, as the paper
            crops (and as the DeepFashion protocol's NE frame is the box).
        context (bool): Widen the padded box to the input's aspect ratio
            with the image around it (as ``TopdownAffine`` frames a
            top-down input), instead of padding its own aspect with
            ``pad_val``: a tall garment then stands among its surroundings,
            as in the whole training images, not between black bands.
            Defaults to False.
        pad_val (int): Value of every channel of the input pixels outside
            the crop. Defaults to 0 (black, as ``BottomupResize`` pads).

    Raises:
        ValueError: For a sample that does not hold exactly one annotated
            garment (the protocol's images annotate one).
    """

    def __init__(self,
                 input_size: Tuple[int, int],
                 padding: float = 1.0,
                 context: bool = False,
                 pad_val: int = 0) -> None:
        self.input_size = tuple(int(v) for v in input_size)
        self.padding = padding
        self.context = context
        self.pad_val = pad_val
        # validates padding > 0
        self._cropper = CropGarmentBox(
            padding=padding,
            aspect_ratio=self.input_size[0] / self.input_size[1]
            if context else None,
            pad_val=pad_val)

    @staticmethod
    def _box(results: dict) -> np.ndarray:
        """The annotated garment's ``[x1, y1, x2, y2]``: the annotation's own
        box, else mmpose's (clipped to the image); the whole image for a
        sample without either (inference)."""
        annotations = results.get('raw_ann_info')
        if isinstance(annotations, dict):
            annotations = [annotations]
        if annotations:
            boxes = np.array([ann['bbox'] for ann in annotations], np.float64)
            boxes[:, 2:] += boxes[:, :2]
        elif results.get('bbox') is not None:
            boxes = np.asarray(results['bbox'], np.float64).reshape(-1, 4)
        else:
            height, width = results['img'].shape[:2]
            boxes = np.array([[0, 0, width, height]], np.float64)
        if len(boxes) != 1:
            raise ValueError(
                f'BottomupBoxCrop crops by the box of the one annotated '
                f'garment; {results.get("img_path")} holds {len(boxes)}')
        return boxes[0]

    def transform(self, results: dict) -> Optional[dict]:
        crop_results = self._cropper.transform(
            dict(img=results['img'], bbox=self._box(results)))
        crop = crop_results['img']
        left, top, right, bottom = crop_results['crop_bbox']
        crop_w, crop_h = right - left, bottom - top
        input_w, input_h = self.input_size
        # original pixels per input pixel: the crop fits, aspect kept
        step = max(crop_w / input_w, crop_h / input_h)
        scale = np.array([input_w * step, input_h * step], np.float32)
        warp_mat = get_warp_matrix(
            center=np.array([crop_w / 2, crop_h / 2], np.float32),
            scale=scale,
            rot=0,
            output_size=(input_w, input_h))
        results['img'] = cv2.warpAffine(
            crop,
            warp_mat, (input_w, input_h),
            flags=cv2.INTER_LINEAR,
            borderValue=(self.pad_val, ) * 3)
        results['img_shape'] = (input_h, input_w)
        results['input_size'] = (input_w, input_h)
        results['input_center'] = np.array(
            [left + crop_w / 2, top + crop_h / 2], np.float32)
        results['input_scale'] = scale
        results['crop_bbox'] = crop_results['crop_bbox']
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(input_size={self.input_size}, '
                f'padding={self.padding}, context={self.context}, '
                f'pad_val={self.pad_val})')
