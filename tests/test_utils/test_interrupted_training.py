"""A training killed with SIGKILL, at random moments and inside a save,
leaves only loadable checkpoints, and ``resume`` continues from the last."""
import os
import os.path as osp
import random
import re
import select
import signal
import subprocess
import sys
import time

import pytest

from mmfashion_lm.utils import load_local_checkpoint
from ..conftest import REPO_ROOT

TOY_TRAIN = osp.join(osp.dirname(osp.abspath(__file__)), 'toy_train.py')
# what AtomicLocalBackend leaves behind when its writer is killed
TEMP_NAME = re.compile(r'\.iter_\d+\.pth\.\w+\.tmp')
ENDLESS = 10**6  # iterations: only the kill ends the run
TIMEOUT = 120  # seconds for anything a run is waited for


class Trainer:
    """``toy_train.py`` in the background: starts trainings on request.

    Its output is read unbuffered, a byte at a time, so that ``select``
    tells exactly whether a report is waiting.
    """

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, TOY_TRAIN],
                                     cwd=REPO_ROOT,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     bufsize=0)
        self.training = None

    def start(self, work_dir, max_iters, log):
        self.proc.stdin.write(f'{work_dir} {max_iters} {log}\n'.encode())
        self.training = Training(self, int(self.report('started')), str(log))
        return self.training

    def report(self, word, timeout=TIMEOUT):
        """The value after ``word`` on its next line; None if no line came
        within ``timeout`` seconds."""
        if not select.select([self.proc.stdout], [], [], timeout)[0]:
            return None
        line = self.proc.stdout.readline().decode().split()
        assert line and line[0] == word, (word, line)
        return line[-1]

    def close(self):
        if self.training is not None and not self.training.ended():
            self.training.kill()
        self.proc.stdin.close()
        self.proc.wait(timeout=TIMEOUT)


class Training:
    """One training process, its output in a file."""

    def __init__(self, trainer, pid, log):
        self.trainer, self.pid, self.log = trainer, pid, log
        self.status = None

    def output(self):
        with open(self.log) as f:
            return f.read()

    def ended(self, timeout=0):
        if self.status is None:
            status = self.trainer.report('ended', timeout)
            self.status = None if status is None else int(status)
        return self.status is not None

    def kill(self):
        os.kill(self.pid, signal.SIGKILL)
        assert self.ended(TIMEOUT) and self.status == -signal.SIGKILL

    def wait_for(self, condition, what):
        """Poll ``condition`` every millisecond while the training lasts."""
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            if self.ended() or time.monotonic() > deadline:
                pytest.fail(f'the training ended or took too long before '
                            f'{what}:\n{self.output()[-4000:]}')
            time.sleep(0.001)

    def finish(self):
        if not self.ended(TIMEOUT) or self.status != 0:
            pytest.fail(f'the training failed:\n{self.output()[-4000:]}')


@pytest.fixture
def trainer():
    trainer = Trainer()
    yield trainer
    trainer.close()


def temporary_files(work_dir):
    return {name for name in os.listdir(work_dir) if name.startswith('.')}


def last_checkpoint(work_dir):
    path = osp.join(work_dir, 'last_checkpoint')
    if not osp.exists(path):
        return None
    with open(path) as f:
        return f.read()


def check_work_dir(work_dir):
    """Every checkpoint loads and ``last_checkpoint`` names one; the hidden
    files are the temporaries of killed saves. Returns the iteration of
    the last checkpoint."""
    assert all(map(TEMP_NAME.fullmatch, temporary_files(work_dir)))
    checkpoints = [n for n in os.listdir(work_dir) if n.endswith('.pth')]
    for name in checkpoints:
        load_local_checkpoint(osp.join(work_dir, name))
    last = last_checkpoint(work_dir)
    assert osp.dirname(last) == work_dir
    assert osp.basename(last) in checkpoints
    return load_local_checkpoint(last)['meta']['iter']


def assert_resumed(run, work_dir, iteration):
    output = run.output()
    assert (f'Auto resumed from the latest checkpoint '
            f'{work_dir}/iter_{iteration}.pth') in output
    assert f'resumed epoch: 0, iter: {iteration}' in output


def test_killed_training_resumes_from_complete_checkpoints(trainer, tmp_path):
    rng = random.Random(0)
    work_dir = str(tmp_path / 'work')

    # killed at a random moment after its first checkpoint
    run = trainer.start(work_dir, ENDLESS, tmp_path / 'first.log')
    run.wait_for(lambda: last_checkpoint(work_dir), 'its first checkpoint')
    time.sleep(rng.uniform(0, 0.5))
    run.kill()
    last_iter = check_work_dir(work_dir)

    # killed while a checkpoint is being written: its temporary file is
    # there. Should the save finish before the kill lands, try again.
    for attempt in range(10):
        before = temporary_files(work_dir)
        run = trainer.start(work_dir, ENDLESS, tmp_path / f'save{attempt}.log')
        run.wait_for(lambda: temporary_files(work_dir) - before,
                     'a checkpoint save')
        run.kill()
        assert_resumed(run, work_dir, last_iter)
        last_iter = check_work_dir(work_dir)
        if temporary_files(work_dir) - before:
            break
    else:
        pytest.fail('no kill landed inside a checkpoint save in 10 tries')

    # killed at a random moment after it saved again
    saved = last_checkpoint(work_dir)
    run = trainer.start(work_dir, ENDLESS, tmp_path / 'third.log')
    run.wait_for(lambda: last_checkpoint(work_dir) != saved, 'a new save')
    time.sleep(rng.uniform(0, 0.5))
    run.kill()
    assert_resumed(run, work_dir, last_iter)
    last_iter = check_work_dir(work_dir)

    # and resumed to the end
    run = trainer.start(work_dir, last_iter + 2, tmp_path / 'last.log')
    run.finish()
    assert_resumed(run, work_dir, last_iter)
    assert check_work_dir(work_dir) == last_iter + 2
