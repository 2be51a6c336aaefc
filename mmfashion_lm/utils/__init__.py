"""Compatibility shims for the stack, each active only where needed; safe
loading and atomic writing of checkpoints."""
from .torchvision_compat import install_import_hook

# Before anything below imports mmengine, which may import torchvision.
install_import_hook()

from .atomic_file_backend import (AtomicLocalBackend,  # noqa: E402
                                  register_atomic_file_writes)
from .checkpoint import (IncompleteCheckpointError,  # noqa: E402
                         UnsafeCheckpointError, UnsupportedTorchError,
                         load_local_checkpoint, mmengine_checkpoint_globals,
                         register_safe_checkpoint_loader)
from .dist import (add_launcher_arguments, export_local_rank,  # noqa: E402
                   setup_cpu_distributed, shutdown_distributed)

__all__ = [
    'install_import_hook', 'AtomicLocalBackend', 'register_atomic_file_writes',
    'IncompleteCheckpointError', 'UnsafeCheckpointError',
    'UnsupportedTorchError', 'load_local_checkpoint',
    'mmengine_checkpoint_globals', 'register_safe_checkpoint_loader',
    'setup_cpu_distributed', 'shutdown_distributed', 'add_launcher_arguments',
    'export_local_rank'
]
