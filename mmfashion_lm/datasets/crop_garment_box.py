"""Cropping the garment box the way top-down landmark models crop it."""
import math
from typing import Optional

import numpy as np
from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS


def _round(value: float) -> int:
    """Round half up: Python's ``round`` rounds half to even, which would
    shift boxes by a pixel depending on the parity of their coordinates."""
    return math.floor(value + 0.5)


@TRANSFORMS.register_module()
class CropGarmentBox(BaseTransform):
    """Crop an image to its garment box, enlarged by ``padding`` around the
    box centre and widened to ``aspect_ratio``, as mmpose's
    ``GetBBoxCenterScale`` and ``TopdownAffine`` frame a top-down input.

    The category classifier of `SANL`_ (Li et al., ICME 2019) is trained on
    such crops because at landmark time its Grad-CAM maps are computed on the
    landmark model's own input crops (see ``GradCAMAttention``). The part of
    the crop outside the image is filled with ``pad_val`` (``TopdownAffine``
    fills with 0). Sizes are rounded to whole pixels; no resizing is done,
    which is left to the resize transform that follows. It is registered in
    mmpretrain's ``TRANSFORMS``, for the classifier pipelines (mmpretrain
    scope) that :class:`GarmentCategoryDataset` feeds.

    Required Keys:

        - img
        - bbox (optional): ``[x1, y1, x2, y2]``, shape (4, ) or (1, 4) (one
          mmpose instance); the whole image if absent

    Modified Keys:

        - img
        - img_shape

    Added Keys:

        - crop_bbox: the crop ``[x1, y1, x2, y2]`` in image pixels, int

    Args:
        padding (float): Factor (> 0, unitless) applied to the box's width
            and height around its centre; 1.0 crops the box itself.
            Defaults to 1.25, mmpose's ``GetBBoxCenterScale`` default
        aspect_ratio (float, optional): Width / height of the crop (> 0);
            the padded box grows in width or in height to reach it, as in
            ``TopdownAffine``. The SANL landmark models
            see square inputs, hence 1.0 in their classifier configs.
            Defaults to ``None`` (the padded box's own ratio)
        pad_val (int): The value given to every channel of the crop's
            pixels outside the image, in the image's own range (0..255 for
            uint8 images). Defaults to 0 (black)

    Raises:
        ValueError: When ``padding`` or ``aspect_ratio`` is not positive

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 padding: float = 1.25,
                 aspect_ratio: Optional[float] = None,
                 pad_val: int = 0) -> None:
        if padding <= 0:
            raise ValueError(f'padding must be > 0, got {padding}')
        if aspect_ratio is not None and aspect_ratio <= 0:
            raise ValueError(f'aspect_ratio must be > 0, got {aspect_ratio}')
        self.padding = padding
        self.aspect_ratio = aspect_ratio
        self.pad_val = pad_val

    def _crop_box(self, bbox: np.ndarray) -> np.ndarray:
        """The integer crop ``[x1, y1, x2, y2]`` (x2, y2 exclusive) framing
        ``bbox``."""
        x1, y1, x2, y2 = (float(v) for v in bbox)
        width, height = (x2 - x1) * self.padding, (y2 - y1) * self.padding
        if self.aspect_ratio is not None:
            if width > height * self.aspect_ratio:
                height = width / self.aspect_ratio
            else:
                width = height * self.aspect_ratio
        width, height = max(_round(width), 1), max(_round(height), 1)
        left = _round((x1 + x2 - width) / 2)
        top = _round((y1 + y2 - height) / 2)
        return np.array([left, top, left + width, top + height], np.int64)

    def transform(self, results: dict) -> dict:
        """Crop ``results['img']`` to the padded garment box."""
        img = results['img']
        img_h, img_w = img.shape[:2]
        bbox = results.get('bbox')
        if bbox is None:
            bbox = np.array([0, 0, img_w, img_h], np.float32)
        crop = self._crop_box(np.asarray(bbox).reshape(4))
        left, top, right, bottom = crop

        cropped = np.full((bottom - top, right - left) + img.shape[2:],
                          self.pad_val, dtype=img.dtype)
        # the part of the crop that lies inside the image
        x1, y1 = max(left, 0), max(top, 0)
        x2, y2 = min(right, img_w), min(bottom, img_h)
        if x1 < x2 and y1 < y2:
            cropped[y1 - top:y2 - top, x1 - left:x2 - left] = img[y1:y2, x1:x2]

        results['img'] = cropped
        results['img_shape'] = cropped.shape[:2]
        results['crop_bbox'] = crop
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(padding={self.padding}, '
                f'aspect_ratio={self.aspect_ratio}, pad_val={self.pad_val})')
