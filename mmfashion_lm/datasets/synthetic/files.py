"""Writing the layouts' files so that none is ever left half-written: each
goes to a temporary path and is renamed into place once complete."""
import json
import shutil
from typing import Any, Sequence

import cv2
import numpy as np

from mmfashion_lm.utils.io import atomic_path

# Fixed, so the same image always encodes to the same bytes.
JPEG_QUALITY = 92


def write_text(path: str, text: str) -> None:
    with atomic_path(path) as tmp:
        with open(tmp, 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)


def write_list_file(path: str, header: str,
                    rows: Sequence[Sequence[Any]]) -> None:
    """Write a DeepFashion list file: the row count, the header, the rows.

    The first field (the image name) is padded so the columns line up, as
    in the real files; readers split on runs of spaces.

    Args:
        path (str): the list file.
        header (str): the column names line.
        rows (sequence[sequence]): fields of each row.
    """
    width = max((len(str(row[0])) for row in rows), default=0)
    lines = [str(len(rows)), header]
    lines += [
        ' '.join([str(row[0]).ljust(width)] + [str(f) for f in row[1:]])
        for row in rows
    ]
    write_text(path, '\n'.join(lines) + '\n')


def write_json(path: str, data: Any) -> None:
    write_text(path, json.dumps(data))


def write_jpeg(path: str, image: np.ndarray) -> None:
    """Encode ``image`` (BGR uint8) at :data:`JPEG_QUALITY` and write it."""
    ok, encoded = cv2.imencode('.jpg', image,
                               [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise RuntimeError(f'could not encode {path}')
    with atomic_path(path) as tmp:
        with open(tmp, 'wb') as f:
            f.write(encoded.tobytes())


def copy_file(source: str, path: str) -> None:
    with atomic_path(path) as tmp:
        shutil.copyfile(source, tmp)
