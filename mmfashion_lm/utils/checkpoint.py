"""Load mmengine checkpoints safely on torch >= 2.6.

Since torch 2.6, ``torch.load`` unpickles with ``weights_only=True``: only
tensors, containers and allow-listed globals may appear. mmengine 0.10.7
checkpoints also hold numpy arrays and scalars (dataset meta, message hub)
and mmengine's ``HistoryBuffer``, so ``--resume``, ``load_from`` and
``init_model`` fail. Turning ``weights_only`` off would let a checkpoint run
arbitrary code, so instead mmengine's local-file loader is replaced by
:func:`load_local_checkpoint`, which keeps ``weights_only=True`` and allows
exactly the extra globals mmengine writes (:func:`mmengine_checkpoint_globals`).
Anything else is refused with :class:`UnsafeCheckpointError` before any of
it runs.
"""
import os.path as osp
import pickle
import re
from typing import Any, List, Optional

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader


class UnsafeCheckpointError(pickle.UnpicklingError):
    """A checkpoint whose pickle needs a global outside the allow-list."""


def history_buffer_method(owner: Any, name: str) -> Any:
    """Stands in for ``builtins.getattr`` while unpickling.

    ``HistoryBuffer`` pickles its statistics methods (``min``, ``mean``...) as
    ``getattr(HistoryBuffer, name)``. Allowing ``getattr`` itself would let a
    checkpoint reach any attribute of any allowed object, so only methods of
    ``HistoryBuffer`` are handed out.
    """
    if owner is HistoryBuffer and not name.startswith('_') and callable(
            getattr(HistoryBuffer, name, None)):
        return getattr(HistoryBuffer, name)
    owner_name = getattr(owner, '__qualname__', type(owner).__qualname__)
    raise pickle.UnpicklingError(
        f'Unsupported global: GLOBAL builtins.getattr({owner_name},{name!r})')


def mmengine_checkpoint_globals() -> List[Any]:
    """The globals, beyond torch's defaults, that mmengine checkpoints need.

    The pickle names numpy's array and scalar rebuild functions,
    ``numpy.ndarray``, ``numpy.dtype``, mmengine's ``HistoryBuffer``,
    ``bytes`` (protocol 2 writes an empty array's data as ``bytes()``) and
    ``getattr`` (served by :func:`history_buffer_method`);
    unpickling a dtype then builds an instance of its concrete class
    (``numpy.dtypes.Float64DType``...), so the classes of numpy's fixed-size
    dtypes are allowed too (not object or void dtypes, which could hold
    arbitrary objects). Derived from the installed numpy, whose module paths
    changed in numpy 2 (``numpy.core`` -> ``numpy._core``).
    """
    array_rebuild = np.zeros(1).__reduce__()[0]  # multiarray._reconstruct
    scalar_rebuild = np.float64(0).__reduce__()[0]  # multiarray.scalar
    dtype_classes = {
        type(np.dtype(code))
        for code in np.typecodes['All'] if code not in 'OV'
    }
    return [
        array_rebuild, scalar_rebuild, np.dtype, np.ndarray, HistoryBuffer,
        bytes, (history_buffer_method, 'builtins.getattr'),
        *sorted(dtype_classes, key=str)
    ]


def _refused_global(error: Exception) -> str:
    found = re.search(r'GLOBAL (\S+)', str(error))
    return found.group(1) if found else None


def load_local_checkpoint(filename: str,
                          map_location: Optional[str] = None) -> Any:
    """Load a local checkpoint with ``weights_only=True`` and the allow-list.

    Args:
        filename (str): path of the checkpoint.
        map_location (str, optional): as for :func:`torch.load`.

    Returns:
        The unpickled checkpoint (usually a dict).

    Raises:
        FileNotFoundError: the file does not exist.
        UnsafeCheckpointError: the pickle needs a global that is not allowed
            (for example one that would run code); nothing in it ran.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    try:
        with torch.serialization.safe_globals(mmengine_checkpoint_globals()):
            return torch.load(
                filename, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        name = _refused_global(error)
        what = (f'the global "{name}"' if name else
                f'an object outside the allow-list ({error})')
        raise UnsafeCheckpointError(
            f'Refused to load checkpoint "{filename}": its pickle needs '
            f'{what}, which is not one that mmengine checkpoints hold. '
            'Loading it could run code; nothing in it was run. If you '
            'trust the file, re-save its state_dict yourself.') from None


def register_safe_checkpoint_loader() -> bool:
    """Make mmengine load local checkpoints with :func:`load_local_checkpoint`.

    Active only where torch loads with ``weights_only`` by default and offers
    ``safe_globals`` (torch >= 2.6); older torch is left to mmengine.

    Returns:
        bool: whether the loader was registered.
    """
    if not hasattr(torch.serialization, 'safe_globals'):
        return False
    CheckpointLoader.register_scheme('', load_local_checkpoint, force=True)
    return True
