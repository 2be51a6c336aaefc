from .visible_bce_loss import VisibleWeightedBCELoss

__all__ = ['VisibleWeightedBCELoss']
