"""Hooks registered into mmpose's ``HOOKS`` registry."""
from .crash_safe_checkpoint_hook import CrashSafeCheckpointHook
from .non_finite_loss_guard_hook import (NonFiniteLossError,
                                         NonFiniteLossGuardHook)

__all__ = [
    'CrashSafeCheckpointHook', 'NonFiniteLossError', 'NonFiniteLossGuardHook'
]
