"""High-level calls on trained models."""
from .describe_garments import describe_garments, describe_instances
from .fashion_inferencer import (FASHION_RESULT_SCHEMA, FashionInferencer,
                                 validate_result)
from .few_shot_adaptation import adapt_to_support, read_support_annotations

__all__ = [
    'FASHION_RESULT_SCHEMA', 'FashionInferencer', 'adapt_to_support',
    'describe_garments', 'describe_instances', 'read_support_annotations',
    'validate_result'
]
