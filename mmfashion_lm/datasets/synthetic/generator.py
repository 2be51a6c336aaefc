"""Generating the whole synthetic dataset: every layout, every image.

Images are drawn by the layouts' ``render`` (optionally in worker
processes) and written in index order by the main process, so the output
is the same whatever the number of workers.
"""
import contextlib
import functools
import multiprocessing
import os.path as osp
from typing import Callable, Iterator, Optional, Sequence, Tuple

import cv2

from .deepfashion2_layout import DeepFashion2Layout
from .deepfashion_layout import DeepFashionLayout
from .fld_layout import FLDLayout

LAYOUTS = {
    layout.name: layout
    for layout in (DeepFashionLayout, FLDLayout, DeepFashion2Layout)
}
Mapper = Callable[[Callable, Sequence[int]], Iterator]


@contextlib.contextmanager
def _mapper(workers: int) -> Iterator[Mapper]:
    """An ordered ``map`` over ``workers`` processes (serial for 1)."""
    if workers <= 1:
        yield map
        return
    # spawned, not forked: a fork inherits OpenCV's / OpenMP's thread pools
    # in whatever state the parent left them (after torch or an mmpose
    # pipeline ran, the workers deadlock); one OpenCV thread each avoids
    # oversubscribing the cores the workers share
    context = multiprocessing.get_context('spawn')
    with context.Pool(workers, cv2.setNumThreads, (1, )) as pool:
        yield functools.partial(pool.imap, chunksize=8)


def _write_layout(mapper: Mapper, out_dir: str, layout: str, num_images: int,
                  seed: int, image_size: Tuple[int, int],
                  on_image: Optional[Callable[[], None]]) -> None:
    cls = LAYOUTS[layout]
    writer = cls(osp.join(out_dir, layout), num_images, seed)
    render = functools.partial(cls.render, seed, image_size)
    for index, scene in enumerate(mapper(render, range(num_images))):
        writer.write(index, scene)
        if on_image is not None:
            on_image()
    writer.finish()


def generate_synthfashion(out_dir: str,
                          num_images: int = 1000,
                          seed: int = 0,
                          image_size: Tuple[int, int] = (192, 192),
                          layouts: Sequence[str] = tuple(LAYOUTS),
                          workers: int = 1,
                          on_image: Optional[Callable[[],
                                                      None]] = None) -> None:
    """Write the synthetic garment dataset in the real datasets' layouts.

    ``out_dir/deepfashion``, ``out_dir/fld`` and ``out_dir/deepfashion2``
    follow ``docs/formats_contract.md``; each holds ``num_images`` images.

    Args:
        out_dir (str): the dataset root.
        num_images (int): images per layout.
        seed (int): non-negative; the same seed writes the same bytes.
        image_size (tuple[int, int]): ``(width, height)``.
        layouts (sequence[str]): which of :data:`LAYOUTS` to write.
        workers (int): processes drawing images; the output is the same
            for any number.
        on_image (callable, optional): called after each image (progress).
    """
    if seed < 0:
        raise ValueError(f'seed must be non-negative, got {seed}')
    unknown = set(layouts) - set(LAYOUTS)
    if unknown:
        raise ValueError(f'unknown layouts {sorted(unknown)}, '
                         f'expected some of {list(LAYOUTS)}')
    with _mapper(workers) as mapper:
        for layout in layouts:
            _write_layout(mapper, out_dir, layout, num_images, seed,
                          image_size, on_image)
