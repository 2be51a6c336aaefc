"""The command line shared by tools/dataset_converters/*_to_coco.py."""
import argparse
import logging
import sys
from typing import Callable, Optional, Sequence

from tqdm.contrib.logging import logging_redirect_tqdm

from .report import ConversionReport


def run_converter(convert: Callable[..., ConversionReport],
                  description: str,
                  argv: Optional[Sequence[str]] = None) -> int:
    """Parse ``--root DIR --out-dir OUT [--check-images]``, run
    ``convert(root, out_dir, check_images=..., progress=...)`` and print its
    summary.

    Bad rows are logged to stderr as they are met; a missing required file
    ends the run with an error naming it. Progress bars are shown when stderr
    is a terminal, so that logs written to a file stay free of them.

    Args:
        convert (callable): one of the ``convert_*`` functions.
        description (str): the tool's help text.
        argv (sequence[str], optional): arguments; ``sys.argv`` if None.

    Returns:
        int: the exit status, 0 on success, 1 for a missing file.
    """
    parser = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        '--root',
        required=True,
        help='the dataset root holding the native files (docs/datasets.md); '
        'the file_name of each image in the json is relative to it')
    parser.add_argument(
        '--out-dir',
        required=True,
        help='directory the json files are written to, atomically (created '
        'if missing); usually <root>/annotations')
    parser.add_argument(
        '--check-images',
        action='store_true',
        help='decode every image in full and skip, as bad rows, those that '
        'do not decode (default: only image headers are read: faster, '
        'but a truncated or corrupt file goes through)')
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(message)s')
    try:
        # Warnings go through tqdm so that they print above the bar instead
        # of breaking it.
        with logging_redirect_tqdm():
            report = convert(
                args.root,
                args.out_dir,
                check_images=args.check_images,
                progress=sys.stderr.isatty())
    except FileNotFoundError as error:
        logging.error('%s', error)
        return 1
    print(report.summary())
    return 0
