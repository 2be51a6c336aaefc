from .attribute_cross_entropy_loss import AttributeCrossEntropyLoss
from .field_confidence_loss import FieldConfidenceLoss
from .laplace_loss import LaplaceLoss
from .relative_l1_loss import RelativeL1Loss
from .visible_bce_loss import VisibleWeightedBCELoss

__all__ = [
    'AttributeCrossEntropyLoss', 'FieldConfidenceLoss', 'LaplaceLoss',
    'RelativeL1Loss', 'VisibleWeightedBCELoss'
]
