"""A deterministic synthetic garment dataset written in the native on-disk
layouts of DeepFashion (Category and Attribute), FLD and DeepFashion2.

Drawn tops, outerwear, dresses, trousers, shorts and skirts carry their
landmarks at functional points; prints, fabrics, shapes, parts and style
marks are drawn, and named by the real DeepFashion attributes; scale,
rotation, clutter, occluders and truncation set the landmarks' visibility.
See ``tools/misc/generate_synthfashion.py``.
"""
from .annotation import GarmentAnnotation, Visibility
from .catalog import KINDS, GarmentKind
from .deepfashion2_layout import DeepFashion2Layout
from .deepfashion_layout import DeepFashionLayout
from .fld_layout import FLDLayout
from .garment import Garment, make_garment
from .generator import LAYOUTS, generate_synthfashion
from .scene import Scene, multi_garment_scene, single_garment_scene
from .spec import GarmentSpec, sample_garment_spec
from .template import FLD_LANDMARKS, GarmentTemplate
from .vocabulary import Vocabulary, load_vocabulary

__all__ = [
    'generate_synthfashion', 'LAYOUTS', 'DeepFashionLayout', 'FLDLayout',
    'DeepFashion2Layout', 'Scene', 'single_garment_scene',
    'multi_garment_scene', 'GarmentAnnotation', 'Visibility', 'Garment',
    'make_garment', 'GarmentSpec', 'sample_garment_spec', 'GarmentTemplate',
    'FLD_LANDMARKS', 'KINDS', 'GarmentKind', 'Vocabulary', 'load_vocabulary'
]
