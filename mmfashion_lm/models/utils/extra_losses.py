"""Losses that a module owns besides the head's: one protocol, one
collector, shared by every estimator of the package."""
from typing import Dict

from torch import Tensor, nn


class ExtraLossMixin:
    """A module that owns a loss computed from its own state, e.g. a penalty
    on its parameters (the orthogonality penalty of :class:`~mmfashion_lm.
    models.layers.LGRStack`).

    The module implements :meth:`extra_losses`; the estimator adds them to
    the head's losses in its ``loss`` (:func:`collect_extra_losses`).
    Wherever the module sits (backbone plugin, neck, head), nothing else is
    written to have its loss trained and logged. A loss that depends on the
    input belongs to the head's ``loss`` instead.
    """

    def extra_losses(self) -> Dict[str, Tensor]:
        """The module's losses, already weighted.

        Returns:
            dict[str, Tensor]: Scalar losses by name; names start with
            ``loss`` so that mmengine sums them into the total loss. An
            empty dict when the module's weights switch them off
        """
        raise NotImplementedError


def collect_extra_losses(model: nn.Module) -> Dict[str, Tensor]:
    """The :meth:`ExtraLossMixin.extra_losses` of every module of ``model``
    (itself included), the losses of the same name summed.

    Args:
        model (nn.Module): The model whose modules are searched

    Returns:
        dict[str, Tensor]: The losses by name
    """
    losses: Dict[str, Tensor] = {}
    for module in model.modules():
        if isinstance(module, ExtraLossMixin):
            for name, value in module.extra_losses().items():
                losses[name] = losses[name] + value if name in losses \
                    else value
    return losses
