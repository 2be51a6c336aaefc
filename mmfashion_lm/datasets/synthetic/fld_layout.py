"""The FLD (Fashion Landmark Detection benchmark) layout: ``img/`` and the
landmark, box and partition lists, always 8 landmark triplets per row."""
from typing import Sequence

from ..metainfo.deepfashion import LANDMARKS
from .annotation import GarmentAnnotation
from .landmark_lists import LandmarkListLayout


class FLDLayout(LandmarkListLayout):
    """Writes ``fld/``; slots a clothes type lacks are written ``2 0 0``.

    See :class:`LandmarkListLayout` for the arguments.
    """
    name = 'fld'

    def image_name(self, index: int, annotation: GarmentAnnotation) -> str:
        return f'img/img_{index + 1:08d}.jpg'

    def landmark_slots(self, annotation: GarmentAnnotation) -> Sequence[int]:
        return range(len(LANDMARKS))
