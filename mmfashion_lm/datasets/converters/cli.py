"""The command line shared by tools/dataset_converters/*_to_coco.py."""
import argparse
import logging
from typing import Callable, Optional, Sequence

from .report import ConversionReport


def run_converter(convert: Callable[[str, str], ConversionReport],
                  description: str,
                  argv: Optional[Sequence[str]] = None) -> int:
    """Parse ``--root DIR --out-dir OUT``, run ``convert(root, out_dir)``
    and print its summary.

    Bad rows are logged to stderr as they are met; a missing required file
    ends the run with an error naming it.

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
        '--root', required=True, help='the dataset root (native files)')
    parser.add_argument(
        '--out-dir', required=True, help='where the json files are written')
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(message)s')
    try:
        report = convert(args.root, args.out_dir)
    except FileNotFoundError as error:
        logging.error('%s', error)
        return 1
    print(report.summary())
    return 0
