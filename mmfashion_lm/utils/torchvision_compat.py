"""Let PyPI's CUDA-only torchvision import next to a CPU build of torch.

torchvision 0.28 ships only CUDA builds on PyPI. Next to a CPU torch its
compiled extension ``_C`` fails to load, and ``import torchvision`` then dies
in ``torchvision._meta_registrations`` at
``register_fake("torchvision::nms")`` because the op schema was never defined.
mmpretrain.models, mmpose.apis and mmengine's Runner all import torchvision.

:func:`define_missing_ops` defines the ``nms`` / ``qnms`` schemas with
``torch.library`` and gives ``nms`` a pure-torch CPU kernel, only when the
extension cannot be loaded. ``roi_align`` already has a pure-torch fallback in
torchvision for that case.

This module imports nothing but the standard library at the top, so that the
start-up hook written by :func:`write_startup_hook` (a ``.pth`` file that
``make env`` puts into the virtual environment) costs nothing until
torchvision is actually imported.
"""
import glob
import importlib.abc
import importlib.machinery
import importlib.util
import os
import os.path as osp
import site
import sys

_PTH_NAME = 'mmfashion_lm_torchvision_compat.pth'
_LIBRARY = None  # keeps the torch.library.Library defining the ops alive


def _extension_loads() -> bool:
    """Whether torchvision's compiled extension loads (without importing
    torchvision itself)."""
    import torch
    spec = importlib.util.find_spec('torchvision')
    if spec is None or not spec.submodule_search_locations:
        return True  # torchvision absent: nothing to repair
    package_dir = list(spec.submodule_search_locations)[0]
    candidates = glob.glob(osp.join(package_dir, '_C*.so')) + glob.glob(
        osp.join(package_dir, '_C*.pyd'))
    if not candidates:
        return False
    try:
        torch.ops.load_library(candidates[0])
    except (OSError, ImportError, RuntimeError):
        return False
    return True


def nms_cpu(boxes, scores, iou_threshold: float):
    """Greedy non-maximum suppression in plain torch.

    Args:
        boxes (Tensor): ``(N, 4)`` boxes as ``(x1, y1, x2, y2)``.
        scores (Tensor): ``(N,)`` scores.
        iou_threshold (float): boxes overlapping a kept box with IoU strictly
            above this are discarded.

    Returns:
        Tensor: int64 indices of the kept boxes, by decreasing score.
    """
    import torch
    if boxes.numel() == 0:
        return boxes.new_empty((0, ), dtype=torch.long)
    order = scores.argsort(descending=True, stable=True)
    boxes = boxes[order].float()
    areas = (boxes[:, 2] - boxes[:, 0]).clamp(min=0) * (
        boxes[:, 3] - boxes[:, 1]).clamp(min=0)
    top_left = torch.maximum(boxes[:, None, :2], boxes[None, :, :2])
    bottom_right = torch.minimum(boxes[:, None, 2:], boxes[None, :, 2:])
    inter = (bottom_right - top_left).clamp(min=0).prod(dim=2)
    iou = inter / (areas[:, None] + areas[None, :] - inter).clamp(min=1e-12)
    suppressed = torch.zeros(len(boxes), dtype=torch.bool)
    keep = []
    for i in range(len(boxes)):
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= iou[i] > iou_threshold
    return order[torch.tensor(keep, dtype=torch.long)]


def define_missing_ops() -> bool:
    """Define torchvision's ``nms`` / ``qnms`` ops when its extension cannot
    load. Must run before torchvision is imported; idempotent.

    Returns:
        bool: True if the pure-torch ``nms`` is in place, False if
        torchvision's own extension serves (or torchvision is absent).
    """
    global _LIBRARY
    import torch
    if _LIBRARY is not None:
        return True
    if hasattr(torch.ops.torchvision, 'nms'):
        # Defined by the extension, or by the copy of this module that the
        # start-up hook loads by path (torch's op registry is process-wide).
        return not _extension_loads()
    if _extension_loads():
        return False
    library = torch.library.Library('torchvision', 'DEF')
    library.define(
        'nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor')
    library.define(
        'qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor')
    library.impl('nms', nms_cpu, 'CPU')
    _LIBRARY = library
    return True


class _TorchvisionRepair(importlib.abc.MetaPathFinder):
    """On the first ``import torchvision``: define the missing ops, then let
    ``torchvision.ops.boxes`` run the pure-torch ``nms``.

    ``boxes.nms`` refuses to run while torchvision's ``_has_ops()`` is False;
    only its guard is opened, so other compiled ops stay absent and fail with
    torch's "no such operator" error.
    """

    def find_spec(self, fullname, path=None, target=None):
        if fullname != 'torchvision':
            return None
        sys.meta_path.remove(self)
        if not define_missing_ops():
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        exec_module = spec.loader.exec_module

        def exec_then_open_nms_guard(module):
            exec_module(module)
            sys.modules['torchvision.ops.boxes']._assert_has_ops = (
                lambda: None)

        spec.loader.exec_module = exec_then_open_nms_guard
        return spec


def install_import_hook() -> None:
    """Repair torchvision on its first import, if it has not been imported
    yet. Called by ``import mmfashion_lm`` and by the start-up hook."""
    if 'torchvision' in sys.modules or any(
            type(f).__name__ == _TorchvisionRepair.__name__
            for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _TorchvisionRepair())


def write_startup_hook(site_dir: str = None) -> str:
    """Write the ``.pth`` file that installs the import hook at start-up.

    Needed on CPU-only machines where torchvision's wheel is CUDA-only, so
    that ``from mmpose.apis import ...`` works before ``mmfashion_lm`` is
    imported. ``make env`` calls it.

    Args:
        site_dir (str, optional): the site-packages directory. Defaults to the
            first of :func:`site.getsitepackages`.

    Returns:
        str: the path written.
    """
    site_dir = site_dir or site.getsitepackages()[0]
    line = ('import importlib.util as u; '
            f's = u.spec_from_file_location("_mmfashion_lm_tv_hook", '
            f'{osp.abspath(__file__)!r}); '
            'm = u.module_from_spec(s); s.loader.exec_module(m); '
            'm.install_import_hook()\n')
    path = osp.join(site_dir, _PTH_NAME)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(line)
    os.replace(tmp, path)
    return path
