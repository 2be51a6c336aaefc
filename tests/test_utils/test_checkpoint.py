import os
import os.path as osp
import pickletools
import zipfile
from collections import Counter

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner import load_checkpoint
from mmengine.runner.checkpoint import _load_checkpoint

from mmfashion_lm.utils import (UnsafeCheckpointError, load_local_checkpoint,
                                mmengine_checkpoint_globals)
from ..conftest import BASELINE_CONFIG, run_tool


class _RunsCode:
    """Pickles to a call of os.system: loading it would create a file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f'touch {self.marker}', ))


class _Getattr:
    """Pickles to ``getattr(owner, name)``."""

    def __init__(self, owner, name):
        self.owner, self.name = owner, name

    def __reduce__(self):
        return (getattr, (self.owner, self.name))


class _Namespace:
    """A harmless object of a class outside the allow-list."""


@pytest.fixture
def evil_checkpoint(tmp_path):
    marker = tmp_path / 'payload_ran'
    path = tmp_path / 'evil.pth'
    torch.save({'state_dict': {}, 'meta': _RunsCode(marker)}, path)
    return str(path), marker


def _pickled_globals(path):
    """Every global a torch zip checkpoint's pickle refers to."""
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith('data.pkl'))
        data = archive.read(name)
    found, strings = set(), []
    for opcode, arg, _ in pickletools.genops(data):
        if opcode.name in ('SHORT_BINUNICODE', 'BINUNICODE', 'UNICODE'):
            strings.append(arg)
        elif opcode.name == 'GLOBAL':
            found.add(arg.replace('__builtin__ ', 'builtins ').replace(' ', '.'))
        elif opcode.name == 'STACK_GLOBAL':
            found.add('.'.join(strings[-2:]))
    return found


def _qualname(obj):
    if isinstance(obj, tuple):  # (stand-in, name it serves)
        return obj[1]
    return f'{obj.__module__}.{obj.__name__}'


def test_round_trip_of_mmengine_objects(tmp_path):
    buffer = HistoryBuffer()
    buffer.update(0.5)
    checkpoint = {
        'meta': {'sigmas': np.array([0.1, 0.2]), 'seed': np.int64(3),
                 'ids': np.arange(3, dtype=np.uint8)},
        'message_hub': {'log_scalars': {'loss': buffer}},
        'param_schedulers': [{'milestones': Counter([3, 5])}],
        'state_dict': {'w': torch.ones(2)},
    }
    path = tmp_path / 'ok.pth'
    torch.save(checkpoint, path)
    loaded = load_local_checkpoint(str(path))
    np.testing.assert_array_equal(loaded['meta']['sigmas'], [0.1, 0.2])
    assert loaded['meta']['seed'] == 3
    assert loaded['meta']['ids'].dtype == np.uint8
    assert loaded['message_hub']['log_scalars']['loss'].current() == 0.5
    assert loaded['param_schedulers'][0]['milestones'] == Counter([3, 5])
    assert torch.equal(loaded['state_dict']['w'], torch.ones(2))


def test_allow_list_is_exactly_what_mmengine_writes(trained_baseline):
    _, ckpt = trained_baseline
    written = _pickled_globals(ckpt)
    # dtype instances are built, not named, in the pickle
    allowed = {
        _qualname(g)
        for g in mmengine_checkpoint_globals()
        if not (isinstance(g, type) and issubclass(g, np.dtype)
                and g is not np.dtype)
    }
    default = set(torch._weights_only_unpickler._get_allowed_globals())
    beyond_default = {g for g in written if g not in default}
    assert beyond_default == allowed
    # and mmengine's own loader, as used by the Runner, accepts it
    assert 'state_dict' in _load_checkpoint(ckpt, map_location='cpu')


def test_code_running_checkpoint_refused(evil_checkpoint):
    path, marker = evil_checkpoint
    with pytest.raises(UnsafeCheckpointError) as error:
        load_local_checkpoint(path)
    message = str(error.value)
    assert path in message and 'posix.system' in message
    assert not marker.exists()


def test_other_objects_refused(tmp_path):
    path = tmp_path / 'object.pth'
    torch.save({'state_dict': {}, 'meta': _Namespace()}, path)
    with pytest.raises(UnsafeCheckpointError, match='_Namespace'):
        load_local_checkpoint(str(path))


@pytest.mark.parametrize('owner, name', [(HistoryBuffer, '__init__'),
                                         (HistoryBuffer, '_statistics_methods'),
                                         (np.ndarray, 'tofile')])
def test_getattr_limited_to_history_buffer_methods(owner, name, tmp_path):
    path = tmp_path / 'getattr.pth'
    torch.save({'meta': _Getattr(owner, name)}, path)
    with pytest.raises(UnsafeCheckpointError, match=f"getattr.*'{name}'"):
        load_local_checkpoint(str(path))
    torch.save({'meta': _Getattr(HistoryBuffer, 'mean')}, path)
    assert load_local_checkpoint(str(path))['meta'] is HistoryBuffer.mean


def test_missing_file():
    with pytest.raises(FileNotFoundError, match='nowhere.pth'):
        load_local_checkpoint('nowhere.pth')


def test_refused_by_load_from_and_init_model(evil_checkpoint):
    from mmpose.apis import init_model
    path, marker = evil_checkpoint
    with pytest.raises(UnsafeCheckpointError, match='posix.system'):
        load_checkpoint(torch.nn.Linear(1, 1), path)
    with pytest.raises(UnsafeCheckpointError, match='posix.system'):
        init_model(BASELINE_CONFIG, path, device='cpu')
    assert not marker.exists()


@pytest.mark.parametrize('tool', ['test', 'resume', 'load_from'])
def test_refused_by_tools(tool, evil_checkpoint, tmp_path):
    path, marker = evil_checkpoint
    work_dir = str(tmp_path / 'work')
    if tool == 'test':
        args = ['tools/test.py', BASELINE_CONFIG, path]
    elif tool == 'resume':
        args = ['tools/train.py', BASELINE_CONFIG, '--resume', path]
    else:
        args = ['tools/train.py', BASELINE_CONFIG, '--cfg-options',
                f'load_from={path}']
    proc = run_tool(*args, '--work-dir', work_dir, check=False)
    assert proc.returncode != 0
    assert 'UnsafeCheckpointError' in proc.stdout
    assert f'Refused to load checkpoint "{path}"' in proc.stdout
    assert 'posix.system' in proc.stdout
    assert not marker.exists()
    assert not osp.exists(osp.join(work_dir, 'epoch_1.pth'))
