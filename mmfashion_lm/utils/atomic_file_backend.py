"""Write mmengine's local files atomically.

mmengine writes checkpoints (``epoch_N.pth``, ``iter_N.pth``, best and
published checkpoints: ``runner.save_checkpoint`` -> ``save_checkpoint``)
and dumped results (``DumpResults`` -> ``mmengine.fileio.dump``) through
its file backend, whose local implementation opens the final path and
writes into it: a process killed during a save leaves a truncated
``epoch_17.pth``. :class:`AtomicLocalBackend` replaces that backend and
writes each file to a hidden temporary beside it, then renames it into
place (:func:`~mmfashion_lm.utils.io.atomic_open`), so a file of that name
is always complete. ``CheckpointHook`` writes ``last_checkpoint`` with a
plain ``open``, after the checkpoint it names is in place; that one write
is made atomic too (:func:`open_replacing_atomically`).

A killed process leaves its temporary file behind (``.epoch_17.pth.<random>
.tmp``). It is not removed automatically: nothing tells a dead writer's
temporary from a live one's (on a file system shared between machines
either may be anyone's), and deleting a live writer's temporary would make
its save fail. The
leftovers are hidden, do not end in ``.pth`` and are never loaded; delete
them by hand when no run writes to the directory.
"""
import builtins
from pathlib import Path
from typing import IO, Union

from mmengine.fileio import LocalBackend, register_backend
from mmengine.fileio import io as fileio_io
from mmengine.hooks import checkpoint_hook

from .io import atomic_open


class AtomicLocalBackend(LocalBackend):
    """mmengine's local storage backend, writing whole files atomically.

    Readers of the final path see the previous file or the new complete
    one, never a part; a write that raises leaves the previous file as it
    was and removes its temporary file.
    """

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        """Write bytes to ``filepath`` atomically (its directory is made)."""
        with atomic_open(str(filepath), 'wb') as f:
            f.write(obj)

    def put_text(self,
                 obj: str,
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
        """Write text to ``filepath`` atomically (its directory is made)."""
        with atomic_open(str(filepath), 'w', encoding=encoding) as f:
            f.write(obj)


def open_replacing_atomically(file: str, mode: str = 'r', **kwargs) -> IO:
    """``open``, except that writing a whole file (``'w'``, ``'wb'``) goes
    through :func:`~mmfashion_lm.utils.io.atomic_open`.

    Installed as the ``open`` of ``mmengine.hooks.checkpoint_hook`` only,
    whose sole use of it is ``with open(last_checkpoint, 'w')``: the
    builtin would truncate the file before writing, and a process killed
    in between leaves an empty ``last_checkpoint``, which ``--resume``
    cannot use.
    """
    if mode.startswith('w') and '+' not in mode:
        return atomic_open(file, mode, **kwargs)
    return builtins.open(file, mode, **kwargs)


def register_atomic_file_writes() -> None:
    """Make mmengine write local files with :class:`AtomicLocalBackend` and
    ``CheckpointHook`` write ``last_checkpoint`` atomically.

    Every backend mmengine builds for a local path from now on is the
    atomic one (``get_file_backend`` looks the class up per call). Cached
    instances of the plain backend (``mmengine.fileio.put`` and friends
    keep one per argument set) are dropped, so they are rebuilt as atomic.
    Idempotent.
    """
    register_backend('local', AtomicLocalBackend, force=True, prefixes='')
    for key, backend in list(fileio_io.backend_instances.items()):
        if type(backend) is LocalBackend:
            del fileio_io.backend_instances[key]
    checkpoint_hook.open = open_replacing_atomically
