"""mmfashion_lm: fashion landmark detection and clothing understanding on
OpenMMLab (mmengine, mmcv, mmpose, mmpretrain).

Importing the package applies the stack's compatibility shims and registers
its modules into mmpose's registries; configs load it with
``custom_imports = dict(imports=['mmfashion_lm'], allow_failed_imports=False)``.
"""
from .utils import register_atomic_file_writes, register_safe_checkpoint_loader
from .version import __version__

# Refuses to import on a torch that cannot load checkpoints safely.
register_safe_checkpoint_loader()
register_atomic_file_writes()

from . import (apis, codecs, datasets, engine, evaluation,  # noqa: E402,F401
               models, structures)

__all__ = ['__version__']
