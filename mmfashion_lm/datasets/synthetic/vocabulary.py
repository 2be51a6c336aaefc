"""The label vocabularies the generator writes: the real DeepFashion category
and attribute lists and the DeepFashion2 categories.

The DeepFashion lists are read from copies shipped in ``data/`` beside this
file, because the generator runs where the real datasets are not; the
DeepFashion2 categories are the package's table
(:mod:`mmfashion_lm.datasets.metainfo.deepfashion2`).
"""
import os.path as osp
from functools import lru_cache
from typing import Iterable, List, Mapping, Sequence, Tuple

from ..metainfo.deepfashion2 import CATEGORY_BY_ID

DATA_DIR = osp.join(osp.dirname(osp.abspath(__file__)), 'data')
CATEGORY_LIST = osp.join(DATA_DIR, 'list_category_cloth.txt')
ATTRIBUTE_LIST = osp.join(DATA_DIR, 'list_attr_cloth.txt')


def read_name_type_list(path: str) -> List[Tuple[str, int]]:
    """Read a DeepFashion ``name type`` list (count line, header, rows).

    Names may hold spaces and rows may carry trailing spaces, so the type is
    the last field and the name is everything before it.

    Args:
        path (str): ``list_category_cloth.txt`` or ``list_attr_cloth.txt``.

    Returns:
        list[tuple[str, int]]: ``(name, type)`` in file order.
    """
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    count = int(lines[0])
    rows = []
    for line in lines[2:]:
        if line.strip():
            name, type_ = line.rsplit(None, 1)
            rows.append((name.strip(), int(type_)))
    if len(rows) != count:
        raise ValueError(f'{path}: count line says {count}, '
                         f'found {len(rows)} rows')
    return rows


class Vocabulary:
    """Name lookups for the DeepFashion labels.

    Args:
        categories (sequence): ``(name, clothes type)`` of the 50
            categories, in file order.
        attributes (sequence): ``(name, group)`` of the 1000 attributes.
        df2_categories (Mapping): DeepFashion2 category id -> the
            category's row of
            :data:`mmfashion_lm.datasets.metainfo.deepfashion2.CATEGORIES`
            (``annotation_name``, ``num_landmarks``, ...).
    """

    def __init__(self, categories: Sequence[Tuple[str, int]],
                 attributes: Sequence[Tuple[str, int]],
                 df2_categories: Mapping[int, Mapping]) -> None:
        self.categories = tuple(categories)
        self.attributes = tuple(attributes)
        self.df2_categories = dict(df2_categories)
        self._category_index = {
            name: i
            for i, (name, _) in enumerate(self.categories)
        }
        self._attribute_index = {
            name: i
            for i, (name, _) in enumerate(self.attributes)
        }

    @property
    def num_attributes(self) -> int:
        return len(self.attributes)

    def category_label(self, name: str) -> int:
        """The 1-based label of category ``name``, as DeepFashion writes."""
        return self._category_index[name] + 1

    def category_type(self, name: str) -> int:
        """The clothes type (1 upper, 2 lower, 3 full) of ``name``."""
        return self.categories[self._category_index[name]][1]

    def attribute_ids(self, names: Iterable[str]) -> List[int]:
        """The 0-based ids of attribute ``names``, sorted."""
        return sorted(self._attribute_index[name] for name in names)


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """Load the shipped vocabularies (once per process)."""
    return Vocabulary(
        categories=tuple(read_name_type_list(CATEGORY_LIST)),
        attributes=tuple(read_name_type_list(ATTRIBUTE_LIST)),
        df2_categories=CATEGORY_BY_ID)
