"""The tally of one converter run: rows converted, rows skipped and why."""
import contextlib
import logging
from collections import Counter
from typing import Iterable, Iterator, Optional, TypeVar

from tqdm import tqdm

logger = logging.getLogger(__name__)

# Reasons a row is skipped, shared by the converters so that their summaries
# read the same.
WRONG_FIELD_COUNT = 'wrong field count'
BAD_VALUE = 'bad value'
OUT_OF_RANGE = 'id out of range'
LANDMARK_MISMATCH = 'landmarks do not match the clothes type / category'
WRONG_ATTRIBUTE_COUNT = 'wrong attribute count'
UNKNOWN_SPLIT = 'unknown split'
MISSING_IMAGE = 'missing or unreadable image'
DUPLICATE = 'duplicate image name'
UNREADABLE_FILE = 'unreadable annotation file'

T = TypeVar('T')


def missing_from(list_name: str) -> str:
    """The skip reason of a row whose image has no valid row in another list
    file (``list_name``, e.g. ``list_bbox.txt``)."""
    return f'no valid row in {list_name}'


class BadRow(ValueError):
    """Raised while parsing a row that cannot be converted.

    Args:
        reason (str): one of this module's reasons; the summary counts by it.
        detail (str): what exactly is wrong, for the warning.
    """

    def __init__(self, reason: str, detail: str = '') -> None:
        super().__init__(f'{reason}: {detail}' if detail else reason)
        self.reason = reason
        self.detail = detail


class ConversionReport:
    """Counts converted annotations per output file and skipped rows per
    reason; every skipped row is logged as a warning that names its location.

    Args:
        name (str): the dataset, for the summary's first line.
        progress (bool): whether :meth:`track` shows progress bars.
    """

    def __init__(self, name: str, progress: bool = False) -> None:
        self.name = name
        self.progress = progress
        self.converted: Counter = Counter()
        self.skipped: Counter = Counter()

    def track(self,
              items: Iterable[T],
              description: str,
              total: Optional[int] = None,
              unit: str = 'row') -> Iterable[T]:
        """Wrap ``items`` in a progress bar on stderr, shown only when the
        report was made with ``progress``.

        Args:
            items (iterable): the rows or files of one input.
            description (str): what is read, the bar's label.
            total (int, optional): the expected number of items when
                ``items`` has no length.
            unit (str): what one item is, for the bar's rate.
        """
        return tqdm(
            items,
            desc=description,
            total=total,
            unit=unit,
            disable=not self.progress)

    def add(self, output: str, num: int = 1) -> None:
        """Count ``num`` annotations converted into the file ``output``."""
        self.converted[output] += num

    def skip(self, where: str, reason: str, detail: str = '') -> None:
        """Log and count one skipped row.

        Args:
            where (str): its location, ``file:line`` or ``file:item``.
            reason (str): why, one of this module's reasons.
            detail (str): what exactly is wrong.
        """
        self.skipped[reason] += 1
        detail = f' ({detail})' if detail else ''
        logger.warning('%s: %s%s; row skipped', where, reason, detail)

    @contextlib.contextmanager
    def row(self, where: str) -> Iterator[None]:
        """Run the block that converts one row; a :class:`BadRow` raised in
        it is reported as a skip at ``where`` and does not propagate."""
        try:
            yield
        except BadRow as error:
            self.skip(where, error.reason, error.detail)

    @property
    def num_converted(self) -> int:
        return sum(self.converted.values())

    @property
    def num_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        """Multi-line text: annotations per output file, skips per reason."""
        lines = [
            f'{self.name}: {self.num_converted} annotations converted, '
            f'{self.num_skipped} rows skipped'
        ]
        lines += [
            f'  {output}: {num} annotations'
            for output, num in sorted(self.converted.items())
        ]
        lines += [
            f'  skipped, {reason}: {num}'
            for reason, num in sorted(self.skipped.items())
        ]
        return '\n'.join(lines)
