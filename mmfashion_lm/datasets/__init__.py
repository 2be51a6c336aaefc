"""Dataset classes and transforms, registered into mmpose's registries, the
datasets' landmark tables (``metainfo``) and the converters from their native
files (``converters``)."""
from .crop_garment_box import CropGarmentBox
from .deepfashion2_category_dataset import DeepFashion2CategoryDataset
from .deepfashion_ca_dataset import DeepFashionCADataset
from .deepfashion_full_layout_subsets import deepfashion_full_layout_subsets
from .garment_category_dataset import GarmentCategoryDataset
from .non_empty_combined_dataset import NonEmptyCombinedDataset
from .non_empty_dataset import EmptyDatasetError
from .pack_fashion_inputs import PackFashionInputs

__all__ = [
    'CropGarmentBox', 'DeepFashion2CategoryDataset', 'DeepFashionCADataset',
    'deepfashion_full_layout_subsets', 'EmptyDatasetError',
    'GarmentCategoryDataset', 'NonEmptyCombinedDataset', 'PackFashionInputs'
]
