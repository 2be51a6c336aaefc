"""High-level calls on trained models."""
from .describe_garments import describe_garments

__all__ = ['describe_garments']
