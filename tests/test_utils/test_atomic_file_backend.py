import os
import os.path as osp
import re

import pytest
import torch
from mmengine.evaluator import DumpResults
from mmengine.fileio import get_file_backend, load
from mmengine.fileio import put as fileio_put
from mmengine.hooks import checkpoint_hook
from mmengine.runner import save_checkpoint

from mmfashion_lm.utils import AtomicLocalBackend, load_local_checkpoint
from mmfashion_lm.utils.atomic_file_backend import open_replacing_atomically
from mmfashion_lm.utils.io import atomic_open, atomic_path


@pytest.fixture
def renames(monkeypatch):
    """Record every ``os.replace`` as (source name, destination)."""
    done = []

    def replace(src, dst):
        done.append((osp.basename(src), str(dst)))
        real_replace(src, dst)

    real_replace = os.replace
    monkeypatch.setattr(os, 'replace', replace)
    return done


@pytest.fixture
def failing_fsync(monkeypatch):
    """Make the fsync before the rename fail, as a full disk would."""

    def fsync(fd):
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(os, 'fsync', fsync)


def test_put_replaces_through_a_hidden_temporary(tmp_path, renames):
    path = tmp_path / 'new' / 'epoch_17.pth'
    AtomicLocalBackend().put(b'complete', path)
    assert path.read_bytes() == b'complete'
    [(temporary, final)] = renames
    assert final == str(path)
    # hidden, and never taken for a checkpoint by anything globbing *.pth
    assert re.fullmatch(r'\.epoch_17\.pth\.\w+\.tmp', temporary)
    assert os.listdir(path.parent) == ['epoch_17.pth']


def test_failed_put_keeps_the_old_file(tmp_path, failing_fsync):
    path = tmp_path / 'epoch_17.pth'
    path.write_bytes(b'old')
    with pytest.raises(OSError, match='No space'):
        AtomicLocalBackend().put(b'new' * 1000, path)
    assert path.read_bytes() == b'old'
    assert os.listdir(tmp_path) == ['epoch_17.pth']


def test_failed_put_text_keeps_the_old_file(tmp_path):
    path = tmp_path / 'scalars.json'
    backend = AtomicLocalBackend()
    backend.put_text('old', path)
    # encoding fails after the temporary file is open
    with pytest.raises(UnicodeEncodeError):
        backend.put_text('new' * 1000 + '\ud800', path)
    assert path.read_text() == 'old'
    assert os.listdir(tmp_path) == ['scalars.json']
    backend.put_text('é', path, encoding='latin-1')
    assert path.read_bytes() == b'\xe9'


def test_atomic_open_refuses_modes_it_cannot_keep(tmp_path):
    for mode in ('a', 'r+', 'w+', 'x'):
        with pytest.raises(ValueError, match=re.escape(f'"{mode}"')):
            with atomic_open(str(tmp_path / 'f'), mode):
                pass


def test_atomic_path_keeps_the_extension_by_default(tmp_path, renames):
    with atomic_path(str(tmp_path / 'drawing.jpg')) as tmp:
        open(tmp, 'wb').close()
    [(temporary, final)] = renames
    assert re.fullmatch(r'\.drawing\.\w+\.tmp\.jpg', temporary)
    assert final == str(tmp_path / 'drawing.jpg')


def test_mmengine_writes_local_files_atomically(tmp_path, renames):
    # the backend mmengine builds for a local path (CheckpointHook,
    # save_checkpoint, dump), and the cached one of mmengine.fileio.put
    assert type(get_file_backend(str(tmp_path))) is AtomicLocalBackend
    fileio_put(b'x', tmp_path / 'put.bin')
    weights = {'w': torch.ones(2)}
    save_checkpoint({'state_dict': weights}, str(tmp_path / 'iter_3.pth'))
    # tools/test.py --out
    results = [{'keypoints': [1, 2]}]
    DumpResults(out_file_path=str(tmp_path / 'results.pkl')).compute_metrics(
        results)
    assert [final for _, final in renames] == [
        str(tmp_path / name)
        for name in ('put.bin', 'iter_3.pth', 'results.pkl')
    ]
    loaded = load_local_checkpoint(str(tmp_path / 'iter_3.pth'))
    assert torch.equal(loaded['state_dict']['w'], weights['w'])
    assert load(str(tmp_path / 'results.pkl')) == results


def test_last_checkpoint_written_atomically(tmp_path, failing_fsync):
    # CheckpointHook writes it with the `open` of its module
    assert checkpoint_hook.open is open_replacing_atomically
    path = tmp_path / 'last_checkpoint'
    path.write_text('epoch_16.pth')
    with pytest.raises(OSError, match='No space'):
        with checkpoint_hook.open(str(path), 'w') as f:
            f.write('epoch_17.pth')
    assert path.read_text() == 'epoch_16.pth'
    assert os.listdir(tmp_path) == ['last_checkpoint']
    with checkpoint_hook.open(str(path)) as f:  # reading is plain open
        assert f.read() == 'epoch_16.pth'


def test_written_files_get_the_usual_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        with atomic_open(str(tmp_path / 'a.json')) as f:
            f.write('{}')
        with atomic_path(str(tmp_path / 'b.jpg')) as tmp:
            open(tmp, 'wb').close()
    finally:
        os.umask(umask)
    for name in ('a.json', 'b.jpg'):
        assert os.stat(tmp_path / name).st_mode & 0o777 == 0o644
