from .coarse_fine_head import CoarseFineHead

__all__ = ['CoarseFineHead']
