import io
import os
import os.path as osp
import pickle
import pickletools
import re
import shutil
import zipfile
from collections import Counter, namedtuple

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner import load_checkpoint
from mmengine.runner.checkpoint import _load_checkpoint

from mmfashion_lm.utils import (IncompleteCheckpointError,
                                UnsafeCheckpointError, UnsupportedTorchError,
                                load_local_checkpoint,
                                mmengine_checkpoint_globals,
                                register_safe_checkpoint_loader)
from ..conftest import (BASELINE_CONFIG, FLD_IMAGE, requires_shared_data,
                        run_tool)

pytestmark = requires_shared_data


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


@pytest.fixture
def truncated_checkpoint(tmp_path):
    """A zip checkpoint cut short, as killed saves left them (issue 9)."""
    path = tmp_path / 'epoch_17.pth'
    torch.save({'state_dict': torch.nn.Linear(8, 8).state_dict()}, path)
    os.truncate(path, path.stat().st_size // 2)
    return str(path)


Refused = namedtuple('Refused', 'path error says marker')


@pytest.fixture(params=['unsafe', 'incomplete'])
def refused_checkpoint(request):
    """A checkpoint every loading path must refuse: the error it raises,
    what its message says, and the file its payload would create."""
    if request.param == 'unsafe':
        path, marker = request.getfixturevalue('evil_checkpoint')
        return Refused(path, UnsafeCheckpointError, 'posix.system', marker)
    return Refused(
        request.getfixturevalue('truncated_checkpoint'),
        IncompleteCheckpointError, 'incomplete (truncated)', None)


def _assert_harmless(refused):
    assert refused.marker is None or not refused.marker.exists()


def _mmengine_like_checkpoint():
    """The kinds of objects an mmengine checkpoint holds."""
    buffer = HistoryBuffer()
    buffer.update(0.5)
    return {
        'meta': {'sigmas': np.array([0.1, 0.2]), 'seed': np.int64(3),
                 'ids': np.arange(3, dtype=np.uint8)},
        'message_hub': {'log_scalars': {'loss': buffer}},
        'param_schedulers': [{'milestones': Counter([3, 5])}],
        'state_dict': {'w': torch.ones(2)},
    }


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


@pytest.mark.parametrize('legacy', [False, True])
def test_round_trip_of_mmengine_objects(legacy, tmp_path):
    path = tmp_path / 'ok.pth'
    torch.save(_mmengine_like_checkpoint(), path,
               _use_new_zipfile_serialization=not legacy)
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


def test_refused_by_load_from_and_init_model(refused_checkpoint):
    from mmpose.apis import init_model
    path, error, says, _ = refused_checkpoint
    with pytest.raises(error, match=re.escape(says)):
        load_checkpoint(torch.nn.Linear(1, 1), path)
    with pytest.raises(error, match=re.escape(says)):
        init_model(BASELINE_CONFIG, path, device='cpu')
    _assert_harmless(refused_checkpoint)


# each tool's way of loading (each a subprocess of ~8 s): the unsafe
# checkpoint by tools/test.py and by train.py's load_from; the truncated one
# through --resume, what resuming after a killed save meets (the tools
# share one loader)
@pytest.mark.parametrize('refused_checkpoint, tool',
                         [('unsafe', 'test'), ('unsafe', 'load_from'),
                          ('incomplete', 'resume')],
                         indirect=['refused_checkpoint'])
def test_refused_by_tools(tool, refused_checkpoint, tmp_path):
    path, error, says, _ = refused_checkpoint
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
    assert error.__name__ in proc.stdout
    assert f'Refused to load checkpoint "{path}"' in proc.stdout
    assert says in proc.stdout
    _assert_harmless(refused_checkpoint)
    assert not osp.exists(osp.join(work_dir, 'epoch_1.pth'))


def _zip_without_data_pkl():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        archive.writestr('archive/notes.txt', 'not a checkpoint')
    return buffer.getvalue()


@pytest.mark.parametrize('content, says', [
    (b'', 'it is empty'),
    (b'P', 'its zip archive'),
    (b'PK\x03', 'its zip archive'),
    (b'load_from = None\n', "it starts with b'load'"),
    (_zip_without_data_pkl(), 'without the data.pkl'),
    (pickle.dumps({'not': 'torch'}, protocol=2), 'Invalid magic number'),
])
def test_incomplete_or_foreign_file_refused(content, says, tmp_path):
    path = tmp_path / 'epoch_17.pth'
    path.write_bytes(content)
    with pytest.raises(IncompleteCheckpointError) as error:
        load_local_checkpoint(str(path))
    message = str(error.value)
    assert f'"{path}" ({len(content)} bytes)' in message
    assert 'incomplete (truncated) or not a torch checkpoint' in message
    assert says in message


def test_image_refused():
    with pytest.raises(IncompleteCheckpointError,
                       match=re.escape(f'"{FLD_IMAGE}" (') + r'.*\\xff\\xd8'):
        load_local_checkpoint(FLD_IMAGE)


def test_truncated_runner_checkpoint_refused(trained_baseline, tmp_path):
    _, ckpt = trained_baseline
    size = osp.getsize(ckpt)
    path = tmp_path / 'epoch_30.pth'
    shutil.copyfile(ckpt, path)
    for length in sorted({size - 1, size - 22, size - 4096, size * 2 // 3,
                          size // 2, 4096, 30, 4, 3, 1, 0}, reverse=True):
        os.truncate(path, length)
        with pytest.raises(IncompleteCheckpointError,
                           match=f'{length} bytes.*incomplete'):
            _load_checkpoint(str(path), map_location='cpu')


def test_truncated_legacy_checkpoint_refused(tmp_path):
    whole = tmp_path / 'whole.pth'
    torch.save(_mmengine_like_checkpoint(), whole,
               _use_new_zipfile_serialization=False)
    data = whole.read_bytes()
    path = tmp_path / 'cut.pth'
    # cut in each of the format's parts (its pickles, a global's name, the
    # tensor data); every length passes too, five times slower
    for length in range(0, len(data), 5):
        path.write_bytes(data[:length])
        with pytest.raises(IncompleteCheckpointError,
                           match=f'{length} bytes.*incomplete'):
            load_local_checkpoint(str(path))


def test_complete_legacy_checkpoint_with_code_refused(tmp_path):
    marker = tmp_path / 'payload_ran'
    path = tmp_path / 'evil.pth'
    torch.save({'state_dict': {}, 'meta': _RunsCode(marker)}, path,
               _use_new_zipfile_serialization=False)
    with pytest.raises(UnsafeCheckpointError, match='posix.system'):
        load_local_checkpoint(str(path))
    assert not marker.exists()


def test_torch_without_safe_globals_refused(monkeypatch):
    monkeypatch.delattr(torch.serialization, 'safe_globals')
    with pytest.raises(UnsupportedTorchError,
                       match=re.escape(f'torch >= 2.6 (found torch '
                                       f'{torch.__version__})')):
        register_safe_checkpoint_loader()


def test_torch_older_than_2_6_refused(monkeypatch):
    monkeypatch.setattr(torch, '__version__', '2.5.1')
    with pytest.raises(UnsupportedTorchError,
                       match=re.escape('torch >= 2.6 (found torch 2.5.1)')):
        register_safe_checkpoint_loader()


def test_import_refused_where_loading_is_unsafe():
    proc = run_tool(
        '-c', 'import torch; del torch.serialization.safe_globals; '
        'import mmfashion_lm', check=False)
    assert proc.returncode != 0
    assert 'UnsupportedTorchError' in proc.stdout
    assert f'found torch {torch.__version__}' in proc.stdout
