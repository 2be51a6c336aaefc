from mmengine.model import BaseModule
from torch import nn


class OwnInitModule(BaseModule):
    """A module whose layers have their own default initialisation, which a
    parent's initialisation must not overwrite.

    Subclasses put it in :meth:`reset_parameters` and call it at the end of
    their ``__init__``; a parent that initialises its subtree calls
    :func:`restore_own_init` after it.
    """

    def reset_parameters(self) -> None:
        """Initialise the module's own layers."""
        raise NotImplementedError


def restore_own_init(module: nn.Module) -> None:
    """Re-apply :meth:`OwnInitModule.reset_parameters` to every
    :class:`OwnInitModule` in ``module`` (itself included) without an
    ``init_cfg`` of its own.

    A parent's ``init_weights`` overwrites them: mmengine applies its
    ``init_cfg`` to the whole subtree (mmpose's ResNet and VGG: Kaiming for
    every conv; VGG: ``Normal(std=0.01)`` for every linear layer, which would
    shrink LGR's node features level after level), and it never calls the
    ``init_weights`` of modules inside plain containers (``nn.ModuleList``,
    ``nn.Sequential``).

    Args:
        module (nn.Module): The root of the modules to re-initialise
    """
    for m in module.modules():
        if isinstance(m, OwnInitModule) and not m.init_cfg:
            m.reset_parameters()
