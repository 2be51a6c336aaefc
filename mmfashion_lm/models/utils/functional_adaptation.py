"""Gradient steps on a module's parameters as a differentiable function:
the inner loop of MAML-style meta-learning (MetaCloth's Algorithm 1,
line 6, equation 1: ``theta' = theta - beta1 * grad l_S(f_theta, omega)``).

The module itself is never changed: the adapted parameters are new
tensors, run through :func:`torch.func.functional_call`. Its buffers
(BatchNorm statistics) are passed as copies, so training-mode BatchNorm
updates the copies, never the module's own statistics.
"""
from typing import Callable, Dict

import torch
from torch import Tensor, nn
from torch.func import functional_call

Params = Dict[str, Tensor]


def module_params(module: nn.Module) -> Params:
    """The module's trainable parameters by name, as they are (so that the
    outer gradient reaches them)."""
    return {
        name: param
        for name, param in module.named_parameters() if param.requires_grad
    }


def call_with(module: nn.Module, params: Params, *args, **kwargs):
    """Run ``module`` with ``params`` in place of its parameters of those
    names, and copies of its buffers."""
    buffers = {
        name: buffer.clone()
        for name, buffer in module.named_buffers()
    }
    return functional_call(module, {**buffers, **params}, args, kwargs)


def adapt_params(params: Params,
                 loss_fn: Callable[[Params], Tensor],
                 steps: int,
                 lr: float,
                 first_order: bool = False) -> Params:
    """``steps`` gradient-descent steps of ``loss_fn`` from ``params``.

    Second order (the default), the steps stay in the autograd graph: the
    gradient of a later loss of the adapted parameters with respect to
    ``params`` goes through them (MetaCloth's meta FENet update, MAML).
    First order, each step's gradient is a constant, so that gradient is
    the later loss's gradient at the adapted parameters (first-order MAML:
    cheaper, no Hessian-vector products).

    Args:
        params (dict[str, Tensor]): The starting parameters.
        loss_fn (Callable): Maps parameters to a scalar loss, e.g. the
            support loss through :func:`call_with`.
        steps (int): Gradient steps (MetaCloth: 12).
        lr (float): Their step size (MetaCloth's beta1: 0.01).
        first_order (bool): Drop the second-order terms. Defaults to False.

    Returns:
        dict[str, Tensor]: The adapted parameters; a parameter that the loss
        does not use is returned unchanged.
    """
    create_graph = not first_order and torch.is_grad_enabled()
    for _ in range(steps):
        names = [name for name, p in params.items() if p.requires_grad]
        grads = torch.autograd.grad(
            loss_fn(params), [params[name] for name in names],
            create_graph=create_graph,
            allow_unused=True)
        grads = [
            torch.zeros_like(params[name]) if grad is None else grad
            for name, grad in zip(names, grads)
        ]
        if not create_graph:
            grads = [g.detach() for g in grads]
        params = dict(params)
        for name, grad in zip(names, grads):
            params[name] = params[name] - lr * grad
    return params


def adapted_copies(params: Params, loss_fn: Callable[[Params], Tensor],
                   steps: int, lr: float) -> Params:
    """The meta-test's adaptation (MetaCloth's Algorithm 2, line 5): first
    order :func:`adapt_params` from detached copies of ``params``, with
    gradients enabled even under a test loop's ``no_grad``; the result is
    detached, and the module's own parameters and ``.grad`` stay as they
    were."""
    start = {
        name: param.detach().requires_grad_()
        for name, param in params.items()
    }
    with torch.enable_grad():
        adapted = adapt_params(start, loss_fn, steps, lr, first_order=True)
    return {name: param.detach() for name, param in adapted.items()}
