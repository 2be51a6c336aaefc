"""Dataset classes and transforms, registered into mmpose's registries, the
datasets' landmark tables (``metainfo``) and the converters from their native
files (``converters``)."""
from .bottomup_box_crop import BottomupBoxCrop
from .crop_garment_box import CropGarmentBox
from .deepfashion2_category_dataset import DeepFashion2CategoryDataset
from .deepfashion_ca_dataset import DeepFashionCADataset
from .deepfashion_clothes_type_subsets import deepfashion_clothes_type_subsets
from .deepfashion_full_layout_subsets import deepfashion_full_layout_subsets
from .episodic_dataset import EpisodicDataset
from .garment_category_dataset import GarmentCategoryDataset
from .keep_category_landmarks import KeepCategoryLandmarks
from .load_category_label import LoadCategoryLabel
from .non_empty_combined_dataset import NonEmptyCombinedDataset
from .non_empty_dataset import EmptyDatasetError
from .pack_fashion_inputs import PackFashionInputs
from .topdown_box_resize import TopdownBoxResize

__all__ = [
    'BottomupBoxCrop', 'CropGarmentBox', 'DeepFashion2CategoryDataset',
    'DeepFashionCADataset', 'deepfashion_clothes_type_subsets',
    'deepfashion_full_layout_subsets', 'EmptyDatasetError', 'EpisodicDataset',
    'GarmentCategoryDataset', 'KeepCategoryLandmarks', 'LoadCategoryLabel',
    'NonEmptyCombinedDataset', 'PackFashionInputs', 'TopdownBoxResize'
]
