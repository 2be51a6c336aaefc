"""Dataset classes and transforms, registered into mmpose's registries, and
the converters from the datasets' native files (``converters``)."""
from .crop_garment_box import CropGarmentBox
from .deepfashion2_category_dataset import DeepFashion2CategoryDataset
from .deepfashion_ca_dataset import DeepFashionCADataset
from .garment_category_dataset import GarmentCategoryDataset
from .non_empty_combined_dataset import NonEmptyCombinedDataset
from .non_empty_dataset import EmptyDatasetError
from .pack_fashion_inputs import PackFashionInputs

__all__ = [
    'CropGarmentBox', 'DeepFashion2CategoryDataset', 'DeepFashionCADataset',
    'EmptyDatasetError', 'GarmentCategoryDataset', 'NonEmptyCombinedDataset',
    'PackFashionInputs'
]
