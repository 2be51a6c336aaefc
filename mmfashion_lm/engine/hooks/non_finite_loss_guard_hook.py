"""Skip the optimizer steps of iterations whose loss or gradient norm is not
finite, and stop a run that keeps producing them.

Some backbones and augmentations make the loss explode now and then (the
composite-field study, section 4.2.2). One NaN step is enough to turn every
weight into NaN and waste the rest of the run, while a single bad batch is
often harmless if its update is simply dropped. mmengine has no such guard:
``OptimWrapper`` back-propagates and steps whatever the loss is, and the
optional ``clip_grad=dict(error_if_nonfinite=True)`` stops at the first bad
gradient instead of skipping it.
"""
import math
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.dist import all_gather_object, all_reduce
from mmengine.hooks import Hook
from mmengine.optim import AmpOptimWrapper, OptimWrapper, OptimWrapperDict
from mmengine.runner import EpochBasedTrainLoop
from mmpose.registry import HOOKS
from torch import Tensor, nn

DATA_BATCH = Optional[Union[dict, tuple, list]]

# The optim wrapper methods the guard replaces while training runs.
_GUARDED_METHODS = ('backward', 'step')


class NonFiniteLossError(RuntimeError):
    """Raised by :class:`NonFiniteLossGuardHook` when too many consecutive
    training iterations had a non-finite loss or gradient norm."""


def _all_ranks_agree(flag: Tensor) -> bool:
    """Whether the boolean ``flag`` is true on every process.

    A logical AND over the processes (a ``min`` all-reduce; a no-op outside
    distributed training). mmengine's ``all_reduce`` moves the value to the
    communication backend's device, so this works with NCCL and gloo alike.

    Args:
        flag (Tensor): A boolean scalar tensor of this process.

    Returns:
        bool: ``True`` if ``flag`` is true on all processes.
    """
    agreed = flag.to(torch.float32).reshape(1)
    all_reduce(agreed, op='min')
    return bool(agreed.item())


def _grad_norm(optim_wrapper: OptimWrapper) -> Tensor:
    """The total L2 norm of the gradients of the wrapper's parameters.

    Accumulated in float32, so half-precision gradients do not overflow the
    norm; a norm that overflows float32 itself counts as non-finite.

    Args:
        optim_wrapper (OptimWrapper): The wrapper whose optimizer's
            parameters are inspected.

    Returns:
        Tensor: A scalar; zero when no parameter has a gradient.
    """
    grads = [
        param.grad.detach() for group in optim_wrapper.optimizer.param_groups
        for param in group['params'] if param.grad is not None
    ]
    if not grads:
        return torch.zeros(())
    device = grads[0].device
    norms = [
        torch.linalg.vector_norm(grad, dtype=torch.float32).to(device)
        for grad in grads
    ]
    return torch.linalg.vector_norm(torch.stack(norms))


def _label(quantity: str, wrapper_name: str) -> str:
    """``quantity``, prefixed by the optim wrapper's name in an
    ``OptimWrapperDict`` (``'generator.grad_norm'``)."""
    return f'{wrapper_name}.{quantity}' if wrapper_name else quantity


@HOOKS.register_module()
class NonFiniteLossGuardHook(Hook):
    """Skip the optimizer step of an iteration whose loss or gradient norm is
    NaN or infinite; stop with :class:`NonFiniteLossError` after
    ``max_consecutive_skips`` such iterations in a row.

    A hook cannot run between ``backward`` and ``step`` by itself, so in
    ``before_train`` (the optim wrapper is built by then) it replaces the
    ``backward`` and ``step`` methods of the runner's optim wrapper (each
    member of an ``OptimWrapperDict``) with guarded ones; ``after_train``
    puts the originals back. Every model that updates its parameters through
    the optim wrapper (``update_params`` or its own ``backward`` and
    ``step`` calls) is guarded:

    - ``backward`` checks the total loss. If it is not finite, nothing is
      back-propagated (a NaN gradient would also poison the momentum of the
      optimizer), the wrapper's iteration count still advances so that
      gradient accumulation stays aligned with the iterations, and the
      iteration's ``step`` is skipped.
    - ``step`` checks the total gradient norm (the loss may be finite while a
      gradient overflows). If it is not finite, the step is skipped.

    A skipped step also zeroes the gradients: with gradient accumulation
    (``accumulative_counts > 1``) a skipped iteration that ends an
    accumulation window drops the whole window. The optimizer state is left
    as it was, and the model's buffers (BatchNorm running statistics) are
    restored to their values before the iteration, which its forward pass has
    already updated, so the skipped iteration leaves no trace in the model.

    The iteration is logged as a warning with the loss terms (from the model's
    ``log_vars``) or the gradient norm that were not finite, and those
    non-finite values are dropped from the iteration's outputs before the
    logger hooks see them: one NaN would otherwise turn the logged running
    averages into NaN for a whole logging window. A finite step resets the
    count of consecutive skips.

    Distributed training: the decisions are agreed by all processes (an
    all-reduce of a flag). Were one process to skip ``backward`` while the
    others ran it, DDP's gradient all-reduce would wait forever; so when the
    loss is non-finite on any process, all skip together. The gradient norm
    is agreed in the same way (DDP's gradients are identical on all
    processes already, but the agreement also covers parameters outside
    DDP). A skipped iteration gathers what each process saw, so the warning,
    written by the first process, names the process and the term.

    Mixed precision (``AmpOptimWrapper``): the loss is checked as above, but
    the gradient norm is not: the ``GradScaler`` already skips the steps whose
    scaled gradients overflow and lowers its scale; that is how it is meant
    to work, and such steps are not counted here.

    The checks read two scalars per iteration on the host (one more
    synchronisation of the device; the logger reads the losses anyway), and
    the model's buffers are copied once per iteration.

    Args:
        max_consecutive_skips (int): Stop after this many consecutive skipped
            iterations. Set in the config by the hook's entry in
            ``custom_hooks``. Defaults to 10.

    Raises:
        ValueError: ``max_consecutive_skips`` is not a positive integer.

    Examples:
        >>> custom_hooks = [
        ...     dict(type='NonFiniteLossGuardHook', max_consecutive_skips=10)
        ... ]
    """

    # Before RuntimeInfoHook (VERY_HIGH), which records the outputs for the
    # logger: the non-finite values must be dropped first.
    priority = 'HIGHEST'

    def __init__(self, max_consecutive_skips: int = 10) -> None:
        if (isinstance(max_consecutive_skips, bool)
                or not isinstance(max_consecutive_skips, int)
                or max_consecutive_skips < 1):
            raise ValueError(
                'custom_hooks: NonFiniteLossGuardHook.max_consecutive_skips '
                'must be a positive integer (the number of consecutive '
                'iterations with a non-finite loss or gradient norm after '
                f'which training stops), got {max_consecutive_skips!r}')
        self.max_consecutive_skips = max_consecutive_skips
        self._consecutive_skips = 0
        self._first_skipped_iter = 0
        # The names of the non-finite values over the current run of skips,
        # in order of appearance (a dict as an ordered set).
        self._run_terms: Dict[str, None] = {}
        # This iteration: the names of the optim wrappers that skipped their
        # step ('' for a single wrapper).
        self._skipped: List[str] = []
        # This iteration, this process: the non-finite total losses and
        # gradient norms, by (labelled) name.
        self._loss_findings: Dict[str, float] = {}
        self._grad_norm_findings: Dict[str, float] = {}
        self._buffers: Dict[str, Tensor] = {}
        # (optim wrapper, its instance attributes the guard replaced).
        self._guarded: List[Tuple[OptimWrapper, Dict[str, object]]] = []

    def before_train(self, runner) -> None:
        """Guard the ``backward`` and ``step`` of the runner's optim wrapper
        (of each member of an ``OptimWrapperDict``).

        Args:
            runner (Runner): The runner of the training process.
        """
        self._unguard()
        optim_wrapper = runner.optim_wrapper
        if isinstance(optim_wrapper, OptimWrapperDict):
            members = list(optim_wrapper.items())
        else:
            members = [('', optim_wrapper)]
        for name, member in members:
            self._guard(name, member)

    def after_train(self, runner) -> None:
        """Put the optim wrappers' own methods back.

        Args:
            runner (Runner): The runner of the training process.
        """
        self._unguard()

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch: DATA_BATCH = None) -> None:
        """Forget the previous iteration's verdict and copy the buffers the
        forward pass may change.

        Args:
            runner (Runner): The runner of the training process.
            batch_idx (int): The index of the batch in the train loop.
            data_batch (dict | tuple | list, optional): Unused.
        """
        self._skipped.clear()
        self._loss_findings.clear()
        self._grad_norm_findings.clear()
        self._buffers = {
            name: buffer.detach().clone()
            for name, buffer in runner.model.named_buffers()
        }

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: DATA_BATCH = None,
                         outputs: Optional[dict] = None) -> None:
        """After a skipped iteration: restore the buffers, log, and stop if
        it was the ``max_consecutive_skips``-th in a row.

        Args:
            runner (Runner): The runner of the training process.
            batch_idx (int): The index of the batch in the train loop.
            data_batch (dict | tuple | list, optional): Unused.
            outputs (dict, optional): The model's ``log_vars``; non-finite
                entries are removed from it on a skipped iteration.

        Raises:
            NonFiniteLossError: ``max_consecutive_skips`` iterations in a
                row were skipped.
        """
        if not self._skipped:
            self._consecutive_skips = 0
            self._run_terms.clear()
            return
        self._restore_buffers(runner.model)
        iteration = runner.iter + 1  # 1-based, as in the training log
        if self._consecutive_skips == 0:
            self._first_skipped_iter = iteration
        self._consecutive_skips += 1

        # All processes skipped this iteration together, so all gather.
        terms_per_rank = all_gather_object(self._non_finite_terms(outputs))
        for terms in terms_per_rank:
            self._run_terms.update(dict.fromkeys(terms))
        where = f'iteration {iteration}'
        if isinstance(runner.train_loop, EpochBasedTrainLoop):
            where += f' (epoch {runner.epoch + 1}, batch {batch_idx + 1})'
        skipped = 'skipped the optimizer step'
        names = [name for name in self._skipped if name]
        if names:
            skipped += ' of ' + ', '.join(names)
        if len(terms_per_rank) > 1:
            skipped += f' on all {len(terms_per_rank)} processes'
        runner.logger.warning(
            f'{where}: {self._describe(terms_per_rank)}; {skipped} and kept '
            'the weights and buffers '
            f'({self._consecutive_skips} in a row, training stops at '
            f'{self.max_consecutive_skips})')

        if self._consecutive_skips >= self.max_consecutive_skips:
            raise NonFiniteLossError(
                f'{self._consecutive_skips} consecutive training iterations '
                f'({self._first_skipped_iter} to {iteration}) had a '
                f'non-finite {", ".join(self._run_terms)}; their optimizer '
                'steps were skipped and training stops here (limit: '
                'max_consecutive_skips of NonFiniteLossGuardHook in '
                'custom_hooks). The training is diverging or the data is '
                'broken: lower the learning rate (optim_wrapper.optimizer.lr'
                ') or add a warm-up, clip the gradients (optim_wrapper.'
                'clip_grad=dict(max_norm=...)), and check the annotations '
                'and augmentation of the batches of those iterations.')

    def _guard(self, name: str, optim_wrapper: OptimWrapper) -> None:
        """Replace ``optim_wrapper.backward`` and ``.step`` with the guarded
        versions described in the class docstring.

        Args:
            name (str): The wrapper's key in an ``OptimWrapperDict``, ``''``
                for a single wrapper.
            optim_wrapper (OptimWrapper): The wrapper to guard.
        """
        backward = optim_wrapper.backward
        step = optim_wrapper.step
        check_grad_norm = not isinstance(optim_wrapper, AmpOptimWrapper)

        def guarded_backward(loss: Tensor, **kwargs) -> None:
            finite = torch.isfinite(loss.detach()).all()
            if _all_ranks_agree(finite):
                backward(loss, **kwargs)
                return
            # What the skipped backward would have counted: keeps
            # should_update() / should_sync() of gradient accumulation right.
            optim_wrapper._inner_count += 1
            if name not in self._skipped:
                self._skipped.append(name)
            if not finite:
                label = _label('loss', name)
                self._loss_findings[label] = float(loss.detach().sum())

        def guarded_step(**kwargs) -> None:
            if name not in self._skipped and check_grad_norm:
                norm = _grad_norm(optim_wrapper)
                finite = torch.isfinite(norm)
                if not _all_ranks_agree(finite):
                    self._skipped.append(name)
                    if not finite:
                        label = _label('grad_norm', name)
                        self._grad_norm_findings[label] = norm.item()
            if name in self._skipped:
                optim_wrapper.zero_grad()
                return
            step(**kwargs)

        replaced = {
            method: vars(optim_wrapper).get(method)
            for method in _GUARDED_METHODS
        }
        optim_wrapper.backward = guarded_backward
        optim_wrapper.step = guarded_step
        self._guarded.append((optim_wrapper, replaced))

    def _unguard(self) -> None:
        """Undo :meth:`_guard` on every guarded optim wrapper."""
        for optim_wrapper, replaced in self._guarded:
            for method, previous in replaced.items():
                if previous is None:
                    delattr(optim_wrapper, method)  # the class's method again
                else:
                    setattr(optim_wrapper, method, previous)
        self._guarded.clear()

    def _restore_buffers(self, model: nn.Module) -> None:
        """Copy the buffers saved before the iteration back into ``model``.

        Args:
            model (nn.Module): The trained model (possibly DDP-wrapped, as
                when the copy was taken).
        """
        buffers = dict(model.named_buffers())
        with torch.no_grad():
            for name, saved in self._buffers.items():
                buffers[name].copy_(saved)

    def _non_finite_terms(self, outputs: Optional[dict]) -> Dict[str, float]:
        """The non-finite values of this iteration on this process, with the
        non-finite entries removed from ``outputs``.

        The loss terms of ``outputs`` name what made the total loss
        non-finite; the total itself is named only when no term explains it
        (a sum that overflowed, or a model without loss terms in its
        ``log_vars``).

        Args:
            outputs (dict, optional): The model's ``log_vars``.

        Returns:
            dict[str, float]: Name -> value; empty when this process only
            skipped because another one saw a non-finite value.
        """
        terms: Dict[str, float] = {}
        for key in list(outputs or {}):
            value = outputs[key]
            if isinstance(value, Tensor):
                value = value.detach()
            value = float(value)
            if not math.isfinite(value):
                terms[key] = value
                del outputs[key]
        # mmengine's parse_losses sums the entries whose key contains 'loss'.
        if any('loss' in key and key != 'loss' for key in terms):
            terms.pop('loss', None)
        else:
            terms.update(self._loss_findings)
        terms.update(self._grad_norm_findings)
        return terms

    @staticmethod
    def _describe(terms_per_rank: Sequence[Dict[str, float]]) -> str:
        """``'loss_kpt=nan'``; in distributed runs ``'rank 1: loss_kpt=nan'``
        for each process that saw a non-finite value.

        Args:
            terms_per_rank (Sequence[dict]): :meth:`_non_finite_terms` of
                each process.

        Returns:
            str: The description for the warning.
        """
        described = [
            ', '.join(f'{key}={value}' for key, value in terms.items())
            for terms in terms_per_rank
        ]
        if len(described) == 1:
            return described[0]
        return '; '.join(f'rank {rank}: {text}'
                         for rank, text in enumerate(described) if text)
