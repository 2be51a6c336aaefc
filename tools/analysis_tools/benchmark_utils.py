"""What the benchmark tools of this folder share: their paths, the device
sync around a timed call, and their JSON output."""
import json
import os.path as osp
import resource
import sys

import torch

from mmfashion_lm.utils.io import atomic_path

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def resolve_path(path: str) -> str:
    """``path`` from the working directory if it is there, else from the
    repository root; absolute either way."""
    if osp.isabs(path) or osp.exists(path):
        return osp.abspath(path)
    return osp.join(REPO_ROOT, path)


def sync(device: torch.device) -> None:
    """Wait for the device's queued work, so that a timer sees it done."""
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def write_json(path: str, result: dict) -> None:
    """Write ``result`` as indented JSON, atomically."""
    with atomic_path(path) as tmp, open(tmp, 'w') as f:
        json.dump(result, f, indent=2)


def peak_rss() -> int:
    """Bytes of this process's peak resident set size. On Linux VmHWM:
    ``ru_maxrss`` also counts the parent's peak, inherited over fork."""
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    # macOS reports bytes, other systems kilobytes
    unit = 1 if sys.platform == 'darwin' else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit
