"""Compatibility shims for the stack, each active only where needed."""
from .torchvision_compat import install_import_hook

# Before anything below imports mmengine, which may import torchvision.
install_import_hook()

from .checkpoint import (UnsafeCheckpointError, load_local_checkpoint,  # noqa
                         mmengine_checkpoint_globals,
                         register_safe_checkpoint_loader)
from .dist import setup_cpu_distributed  # noqa: E402

__all__ = [
    'install_import_hook', 'UnsafeCheckpointError', 'load_local_checkpoint',
    'mmengine_checkpoint_globals', 'register_safe_checkpoint_loader',
    'setup_cpu_distributed'
]
