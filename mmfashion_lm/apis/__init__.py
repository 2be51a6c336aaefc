"""High-level calls on trained models."""
from .describe_garments import describe_garments, describe_instances

__all__ = ['describe_garments', 'describe_instances']
