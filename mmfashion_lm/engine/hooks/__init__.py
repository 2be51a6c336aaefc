"""Hooks registered into mmpose's ``HOOKS`` registry."""
from .non_finite_loss_guard_hook import (NonFiniteLossError,
                                         NonFiniteLossGuardHook)

__all__ = ['NonFiniteLossError', 'NonFiniteLossGuardHook']
