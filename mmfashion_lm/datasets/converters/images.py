"""Reading the size of the images the converted rows reference."""
import os.path as osp
from typing import Dict, Tuple

from PIL import Image

from .report import MISSING_IMAGE, BadRow


def read_image_size(path: str, decode: bool = False) -> Tuple[int, int]:
    """Return ``(width, height)`` of an image.

    Args:
        path (str): the image file.
        decode (bool): whether to decode the pixels too. PIL opens lazily,
            so without it only the header is read: fast on the hundreds of
            thousands of images of the real datasets, but blind to a file
            cut short or corrupted after its header. Decoding catches those.

    Raises:
        BadRow: when the image is missing, not an image or, with
            ``decode``, cannot be decoded in full.
    """
    try:
        with Image.open(path) as image:
            if decode:
                # PIL raises on truncated data as long as
                # ImageFile.LOAD_TRUNCATED_IMAGES stays False, its default.
                image.load()
            return image.size
    # A missing file, a file PIL cannot identify and data that does not
    # decode all raise an OSError; some decoders (PNG chunk checks) raise a
    # SyntaxError for a damaged stream.
    except (OSError, SyntaxError) as error:
        message = str(error)
        # The warning must name the image: PIL's message does for a missing
        # or unidentified file, not for data that fails to decode.
        detail = message if path in message else f'{path}: {message}'
        raise BadRow(MISSING_IMAGE, detail) from None


class ImageSizeReader:
    """Reads the sizes of a dataset's images, each file once per run.

    A file that cannot be read is remembered as such, so the rows that share
    it (DeepFashion2's items of one image) are all skipped without reading it
    again.

    Args:
        root (str): the dataset root; image names are relative to it.
        decode (bool): whether every image is decoded in full (the
            converters' ``--check-images``), see :func:`read_image_size`.
    """

    def __init__(self, root: str, decode: bool = False) -> None:
        self.root = root
        self.decode = decode
        self._sizes: Dict[str, Tuple[int, int]] = {}
        self._errors: Dict[str, str] = {}

    def __call__(self, file_name: str) -> Tuple[int, int]:
        """Return ``(width, height)`` of the image ``file_name``.

        Raises:
            BadRow: when the image is missing or unreadable.
        """
        if file_name not in self._sizes and file_name not in self._errors:
            try:
                self._sizes[file_name] = read_image_size(
                    osp.join(self.root, file_name), self.decode)
            except BadRow as error:
                self._errors[file_name] = error.detail
        if file_name in self._errors:
            raise BadRow(MISSING_IMAGE, self._errors[file_name])
        return self._sizes[file_name]
