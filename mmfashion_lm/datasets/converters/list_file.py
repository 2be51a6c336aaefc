"""Reader for the DeepFashion-family list files.

Every list file of DeepFashion and FLD has the same shape: line 1 holds the
number of rows, line 2 the column names, then one row per line with fields
separated by runs of spaces (some rows carry trailing spaces).
"""
import logging
import os.path as osp
from dataclasses import dataclass
from typing import (Callable, Dict, Iterable, Iterator, Optional, Sequence,
                    TypeVar)

from .report import (BAD_VALUE, DUPLICATE, WRONG_FIELD_COUNT, BadRow,
                     ConversionReport, missing_from)

logger = logging.getLogger(__name__)

T = TypeVar('T')


@dataclass(frozen=True)
class ListRow:
    """One data row of a list file.

    Attributes:
        fields (tuple[str]): the row split on whitespace.
        where (str): ``path:line`` (1-based), for messages.
    """
    fields: Sequence[str]
    where: str

    def expect_fields(self, num: int) -> None:
        """Raise :class:`BadRow` unless the row has exactly ``num`` fields."""
        if len(self.fields) != num:
            raise BadRow(WRONG_FIELD_COUNT,
                         f'{len(self.fields)} fields, expected {num}')


def require_file(path: str) -> str:
    """Return ``path``; raise a :class:`FileNotFoundError` naming it when it
    is not a file."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'required file not found: {path}')
    return path


def read_list_file(path: str) -> Iterator[ListRow]:
    """Yield the data rows of a list file, skipping blank lines.

    A count line that disagrees with the number of rows is logged as a
    warning, not an error: the rows themselves are what gets converted.

    Args:
        path (str): the list file; a clear error names it when missing.
    """
    with open(require_file(path), encoding='utf-8') as f:
        count_line = f.readline().strip()
        f.readline()  # the header: column names, not data
        num_rows = 0
        for lineno, line in enumerate(f, start=3):
            fields = line.split()
            if fields:
                num_rows += 1
                yield ListRow(tuple(fields), f'{path}:{lineno}')
    if count_line != str(num_rows):
        logger.warning('%s:1: the count line says %r, the file has %d rows',
                       path, count_line, num_rows)


def declared_row_count(path: str) -> Optional[int]:
    """The number of rows that line 1 of a list file announces, or None when
    it is not a number; reading one line, it is cheap enough for a progress
    bar's total."""
    with open(require_file(path), encoding='utf-8') as f:
        count_line = f.readline().strip()
    return int(count_line) if count_line.isdigit() else None


def track_list_file(path: str, report: ConversionReport) -> Iterable[ListRow]:
    """:func:`read_list_file` behind the report's progress bar, if any."""
    return report.track(
        read_list_file(path), osp.basename(path), declared_row_count(path))


def index_list_file(path: str, report: ConversionReport,
                    parse: Callable[[ListRow], T]) -> Dict[str, T]:
    """Read a list file keyed by its first field (the image name).

    Rows that ``parse`` rejects with :class:`BadRow`, and repeated names, are
    reported and left out, so a lookup that misses means "no valid row".

    Args:
        path (str): the list file.
        report (ConversionReport): where bad rows are reported.
        parse (callable): turns a row into the value kept for its image;
            parsing here, not at lookup, keeps memory small for wide lists
            such as the 1000 attribute values per image.

    Returns:
        dict: image name -> parsed value.
    """
    index: Dict[str, T] = {}
    for row in track_list_file(path, report):
        with report.row(row.where):
            name = row.fields[0]
            if name in index:
                raise BadRow(DUPLICATE, name)
            index[name] = parse(row)
    return index


def parse_int(text: str) -> int:
    """``int(text)``, raising :class:`BadRow` for anything else."""
    try:
        return int(text)
    except ValueError:
        raise BadRow(BAD_VALUE, f'{text!r} is not an integer') from None


def lookup(index: Dict[str, T], name: str, list_name: str) -> T:
    """``index[name]``, raising :class:`BadRow` when the image has no valid
    row in the list file ``list_name``."""
    if name not in index:
        raise BadRow(missing_from(list_name), name)
    return index[name]
