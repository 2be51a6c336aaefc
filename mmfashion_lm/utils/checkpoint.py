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
it runs. A file that is cut short (its save was interrupted), empty, or no
torch checkpoint at all is refused with :class:`IncompleteCheckpointError`,
not with whatever error torch's reader happens to hit.
"""
import os.path as osp
import pickle
import re
import zipfile
from typing import Any, List, Optional

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader


class UnsafeCheckpointError(pickle.UnpicklingError):
    """A checkpoint whose pickle needs a global outside the allow-list."""


class IncompleteCheckpointError(pickle.UnpicklingError, RuntimeError):
    """A checkpoint file that is cut short, empty, or not a checkpoint.

    Usually a save that was interrupted. An ``UnpicklingError``, like
    :class:`UnsafeCheckpointError` (the loader refused the file), and a
    ``RuntimeError``, which is what torch raises for a truncated zip
    checkpoint, so ``except`` clauses written for either still catch it.
    """


class UnsupportedTorchError(RuntimeError):
    """The installed torch cannot load checkpoints safely."""


#: The oldest supported torch: the first whose ``torch.load`` defaults to
#: ``weights_only=True``, the behaviour the allow-list of
#: :func:`mmengine_checkpoint_globals` (given through
#: ``torch.serialization.safe_globals``) is written and tested for.
MIN_TORCH_VERSION = (2, 6)

# Every torch checkpoint since torch 1.6 is a zip archive (a local file
# header first); the legacy format is a sequence of pickles (protocol >= 2
# starts with the PROTO opcode).
_ZIP_MAGIC = b'PK\x03\x04'
_PICKLE_PROTO = b'\x80'


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


def _incomplete(filename: str, size: int,
                why: str) -> IncompleteCheckpointError:
    return IncompleteCheckpointError(
        f'Refused to load checkpoint "{filename}" ({size} bytes): it is '
        f'incomplete (truncated) or not a torch checkpoint: {why}. Was its '
        'writing interrupted? Load an earlier checkpoint, or save this one '
        'again.')


def _check_zip_checkpoint(filename: str, size: int) -> None:
    """Refuse a zip checkpoint whose end (its central directory) is lost.

    The central directory is written last, so a file cut short at any
    length has none; reading it costs a few kilobytes, not the file.
    """
    try:
        with zipfile.ZipFile(filename) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise _incomplete(
            filename, size, 'its zip archive (torch\'s format) ends before '
            'the directory of its contents, which is written last') from None
    if not any(osp.basename(name) == 'data.pkl' for name in names):
        raise _incomplete(
            filename, size, 'it is a zip archive without the data.pkl of a '
            'torch checkpoint')


def _safe_load(file: Any, map_location: Optional[str]) -> Any:
    with torch.serialization.safe_globals(mmengine_checkpoint_globals()):
        return torch.load(file, map_location=map_location, weights_only=True)


def _unsafe(filename: str, error: Exception) -> UnsafeCheckpointError:
    name = _refused_global(error)
    what = (f'the global "{name}"'
            if name else f'an object outside the allow-list ({error})')
    return UnsafeCheckpointError(
        f'Refused to load checkpoint "{filename}": its pickle needs '
        f'{what}, which is not one that mmengine checkpoints hold. '
        'Loading it could run code; nothing in it was run. If you '
        'trust the file, re-save its state_dict yourself.')


def load_local_checkpoint(filename: str,
                          map_location: Optional[str] = None) -> Any:
    """Load a local checkpoint with ``weights_only=True`` and the allow-list.

    The file's shape is checked first, since torch reports a cut-short file
    as whatever its reader happened to hit (an ``EOFError``, a zip reader
    error, an unpickling error that reads like an unsafe global...): a zip
    checkpoint (torch >= 1.6) must end with its central directory; a legacy
    one (a sequence of pickles) is read unbuffered, so that a failure with
    the file read to its end tells a cut-short file from a refused global.

    Args:
        filename (str): path of the checkpoint.
        map_location (str, optional): as for :func:`torch.load`.

    Returns:
        The unpickled checkpoint (usually a dict).

    Raises:
        FileNotFoundError: the file does not exist.
        IncompleteCheckpointError: the file is empty, cut short (its save
            was interrupted), or not a torch checkpoint at all.
        UnsafeCheckpointError: the pickle needs a global that is not allowed
            (for example one that would run code); nothing in it ran.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    size = osp.getsize(filename)
    with open(filename, 'rb', buffering=0) as f:
        head = f.read(len(_ZIP_MAGIC))
        if not head:
            raise _incomplete(filename, size, 'it is empty')
        if _ZIP_MAGIC.startswith(head):
            _check_zip_checkpoint(filename, size)
            try:
                return _safe_load(filename, map_location)
            except pickle.UnpicklingError as error:
                raise _unsafe(filename, error) from None
        if not head.startswith(_PICKLE_PROTO):
            raise _incomplete(
                filename, size, f'it starts with {head!r}, neither a zip '
                'archive (torch\'s format) nor a pickle (its legacy format)')
        f.seek(0)
        try:
            return _safe_load(f, map_location)
        except Exception as error:
            if f.tell() >= size:
                raise _incomplete(
                    filename, size, 'its data ends before a whole legacy '
                    f'checkpoint was read ({type(error).__name__}: '
                    f'{error})') from None
            if isinstance(error, pickle.UnpicklingError):
                raise _unsafe(filename, error) from None
            raise


def register_safe_checkpoint_loader() -> None:
    """Make mmengine load local checkpoints with :func:`load_local_checkpoint`.

    The package promises that every checkpoint is loaded safely, so it
    refuses to run where it cannot keep that promise rather than fall back
    to mmengine's loader, which unpickles anything on torch < 2.6.

    Raises:
        UnsupportedTorchError: torch is older than
            :data:`MIN_TORCH_VERSION` or has no
            ``torch.serialization.safe_globals``.
    """
    found = re.match(r'(\d+)\.(\d+)', str(torch.__version__))
    version = tuple(map(int, found.groups())) if found else (0, 0)
    has_safe_globals = hasattr(torch.serialization, 'safe_globals')
    if version < MIN_TORCH_VERSION or not has_safe_globals:
        need = '.'.join(map(str, MIN_TORCH_VERSION))
        raise UnsupportedTorchError(
            f'mmfashion_lm needs torch >= {need} (found torch '
            f'{torch.__version__}): it loads every checkpoint with '
            'weights_only=True and an allow-list '
            '(torch.serialization.safe_globals), and will not load them '
            f'unsafely on an older torch. Install torch >= {need}.')
    CheckpointLoader.register_scheme('', load_local_checkpoint, force=True)
