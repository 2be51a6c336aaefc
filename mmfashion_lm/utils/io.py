"""Writing files so that none is left half-written."""
import contextlib
import os
import os.path as osp
import tempfile
from typing import IO, Iterator


@contextlib.contextmanager
def atomic_path(path: str, keep_extension: bool = True) -> Iterator[str]:
    """Yield a temporary path beside ``path``; rename it to ``path`` when the
    block succeeds, delete it when the block raises.

    The temporary file is hidden (its name starts with a dot), unique to
    this write (two processes or threads writing the same file never share
    it: :func:`tempfile.mkstemp`), and lives in the same directory, so the final :func:`os.replace` is a rename
    within one file system: readers see the old file or the whole new one,
    never a part, even if the process is killed.

    Args:
        path (str): the final file path. Its directory is created.
        keep_extension (bool): end the temporary name with ``path``'s
            extension (``.a.<random>.tmp.jpg``), for writers that choose the
            format by extension (OpenCV, PIL). With False it ends in ``.tmp``
            (``.a.jpg.<random>.tmp``), so nothing that collects files by
            extension (``*.pth``) ever takes it for a finished file.
    """
    directory = osp.dirname(osp.abspath(path))
    os.makedirs(directory, exist_ok=True)
    name = osp.basename(path)
    if keep_extension:
        stem, ext = osp.splitext(name)
        prefix, suffix = f'.{stem}.', f'.tmp{ext}'
    else:
        prefix, suffix = f'.{name}.', '.tmp'
    fd, tmp = tempfile.mkstemp(suffix=suffix, prefix=prefix, dir=directory)
    os.close(fd)
    # mkstemp makes the file private (0600); the written file gets the mode
    # open() would give it
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)


@contextlib.contextmanager
def atomic_open(path: str, mode: str = 'w', **kwargs) -> Iterator[IO]:
    """Open a durable, atomic replacement of ``path`` for writing.

    Written through :func:`atomic_path` (the temporary name does not end in
    ``path``'s extension), then flushed and fsync'ed before the rename and
    the directory fsync'ed after it, so that even a machine crash, not only
    a killed process, leaves the old file or the complete new one. If the
    block raises, ``path`` is untouched and the temporary file removed.

    Args:
        path (str): the final file path. Its directory is created.
        mode (str): ``'w'`` or ``'wb'`` (with ``'t'`` if you like):
            appending or reading cannot be atomic, and ``'x'`` could not
            keep its promise (the rename replaces any file).
        **kwargs: passed to :func:`open` (``encoding``, ``newline``...).

    Yields:
        The open temporary file.
    """
    if not mode.startswith('w') or '+' in mode:
        raise ValueError(f'atomic_open writes a whole new file; mode '
                         f'"{mode}" is not "w" or "wb"')
    with atomic_path(path, keep_extension=False) as tmp:
        with open(tmp, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
    _fsync_directory(osp.dirname(osp.abspath(path)))


def _fsync_directory(directory: str) -> None:
    """Make a rename in ``directory`` durable where the file system can
    (POSIX; some network and FUSE mounts refuse to fsync a directory: the
    file is already complete in place, so that is not an error)."""
    if not hasattr(os, 'O_DIRECTORY'):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
