"""Writing files so that none is left half-written."""
import contextlib
import os
import os.path as osp
from typing import Iterator


@contextlib.contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """Yield a temporary path beside ``path``; rename it to ``path`` when the
    block succeeds, delete it when the block raises.

    The temporary name keeps the extension, so writers that choose the format
    by extension (OpenCV, PIL) still work.

    Args:
        path (str): the final file path. Its directory is created.
    """
    directory = osp.dirname(osp.abspath(path))
    os.makedirs(directory, exist_ok=True)
    stem, ext = osp.splitext(osp.basename(path))
    tmp = osp.join(directory, f'.{stem}.{os.getpid()}.tmp{ext}')
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)
