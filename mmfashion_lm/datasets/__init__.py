"""Dataset classes and transforms, registered into mmpose's registries, and
the converters from the datasets' native files (``converters``)."""
from .deepfashion_ca_dataset import DeepFashionCADataset
from .pack_fashion_inputs import PackFashionInputs

# from . import synthetic  # noqa

__all__ = ['DeepFashionCADataset', 'PackFashionInputs']
