from .extra_losses import ExtraLossMixin, collect_extra_losses
from .own_init_module import OwnInitModule

__all__ = ['ExtraLossMixin', 'OwnInitModule', 'collect_extra_losses']
