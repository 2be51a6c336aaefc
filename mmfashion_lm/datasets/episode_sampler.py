"""Nc-way K-shot episodes: MetaCloth's tasks (section 3.1).

A task of category ``c`` is a support set of K images with the category's
Nc landmarks and a query set of other images of ``c``; support and query
never share an image. Episodes are drawn from items (garments) tagged with
their category and their image.
"""
from collections import defaultdict
from typing import Hashable, NamedTuple, Sequence, Tuple

import numpy as np


class Episode(NamedTuple):
    """One task: its category and the item indices of its two sets."""
    category: int
    support: Tuple[int, ...]
    query: Tuple[int, ...]


class EpisodeSampler:
    """Episodes over items, the same for the same seed.

    Episode ``i`` is of category ``categories[i % len(categories)]`` (so
    every category gets the same number of episodes, as MetaCloth's 100 per
    unseen category) and is drawn by ``numpy.random.default_rng((seed, i))``
    alone: any episode can be drawn on its own, in any order, by any
    process. Its K + Q images are distinct images of the category, chosen
    at random; each contributes one of its items of the category (an image
    rarely holds two garments of one category), the first K to the support,
    the others to the query. A category with fewer than K + Q images gives
    all the images beyond the support to the query.

    Args:
        item_categories (Sequence[int]): The category of each item.
        item_images (Sequence[Hashable]): The image of each item (its id or
            path): items of one image are never split between the sets.
        categories (Sequence[int]): The categories to draw tasks of.
        shots (int): K, support images per task (>= 1).
        num_queries (int): Q, query images per task (>= 1).
        seed (int): The seed of every episode. Defaults to 0.

    Raises:
        ValueError: When the two item lists differ in length, K or Q is
            below 1, or a category has fewer than K + 1 images.
    """

    def __init__(self,
                 item_categories: Sequence[int],
                 item_images: Sequence[Hashable],
                 categories: Sequence[int],
                 shots: int,
                 num_queries: int,
                 seed: int = 0) -> None:
        if len(item_categories) != len(item_images):
            raise ValueError(f'item_categories has {len(item_categories)} '
                             f'entries, item_images {len(item_images)}: '
                             'one each per item')
        if shots < 1 or num_queries < 1:
            raise ValueError(f'shots and num_queries must be >= 1, got '
                             f'{shots} and {num_queries}')
        self.categories = tuple(int(c) for c in categories)
        if not self.categories:
            raise ValueError('categories is empty: no task to draw')
        self.shots = shots
        self.num_queries = num_queries
        self.seed = seed
        # category -> its images, each with its items of the category
        images = defaultdict(lambda: defaultdict(list))
        for index, (category, image) in enumerate(
                zip(item_categories, item_images)):
            images[int(category)][image].append(index)
        self.items_by_image = {
            category:
            tuple(tuple(items) for items in images[category].values())
            for category in self.categories
        }
        for category, by_image in self.items_by_image.items():
            if len(by_image) < shots + 1:
                raise ValueError(
                    f'category {category} has {len(by_image)} images, a '
                    f'{shots}-shot task needs at least {shots + 1} (the '
                    'support and one query)')

    def episode(self, index: int) -> Episode:
        """Episode ``index`` (any int >= 0)."""
        category = self.categories[index % len(self.categories)]
        by_image = self.items_by_image[category]
        rng = np.random.default_rng((self.seed, index))
        count = min(len(by_image), self.shots + self.num_queries)
        chosen = rng.choice(len(by_image), count, replace=False)
        items = [by_image[i][rng.integers(len(by_image[i]))] for i in chosen]
        return Episode(category, tuple(items[:self.shots]),
                       tuple(items[self.shots:]))
