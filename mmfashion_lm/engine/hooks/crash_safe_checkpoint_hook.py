"""mmengine's CheckpointHook, removing outdated checkpoints only after the
new one is in place."""
import contextlib
from typing import Iterator, List

from mmengine.hooks import CheckpointHook
from mmpose.registry import HOOKS


@HOOKS.register_module()
class CrashSafeCheckpointHook(CheckpointHook):
    """:class:`mmengine.hooks.CheckpointHook` that a killed process cannot
    leave without a checkpoint to resume from.

    With ``max_keep_ckpts``, mmengine's hook deletes the oldest kept
    checkpoint and then writes the new one and ``last_checkpoint``; with
    ``save_best``, it deletes the previous best and then writes the new best.
    A process killed in between leaves ``last_checkpoint`` naming a deleted
    file (``--resume`` fails) or no best checkpoint at all; with
    ``max_keep_ckpts=1`` every save opens that window. This hook defers the
    deletions until the new files are written (each one atomically, see
    :mod:`mmfashion_lm.utils.atomic_file_backend`), so at every moment the
    work dir holds a complete checkpoint that ``last_checkpoint`` names;
    a kill leaves at most one checkpoint more than ``max_keep_ckpts``. A save
    that fails deletes nothing.

    Arguments are those of :class:`mmengine.hooks.CheckpointHook`.
    """

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        with self._removals_deferred():
            super()._save_checkpoint_with_step(runner, step, meta)

    def _save_best_checkpoint(self, runner, metrics) -> None:
        with self._removals_deferred():
            super()._save_best_checkpoint(runner, metrics)

    @contextlib.contextmanager
    def _removals_deferred(self) -> Iterator[None]:
        """Collect the files and folders the block removes through the
        hook's file backend; remove them once the block has succeeded.
        A nested block (after a new best, mmengine saves the regular
        checkpoint again, so that it records the new best) defers to the
        outermost one."""
        backend = self.file_backend
        if 'remove' in vars(backend):
            yield
            return
        removals: List[str] = []
        # instance attributes shadow the backend's methods for the block
        backend.remove = backend.rmtree = removals.append
        try:
            yield
        finally:
            del backend.remove, backend.rmtree
        for path in removals:
            if backend.isdir(path):
                backend.rmtree(path)
            elif backend.isfile(path):
                backend.remove(path)
