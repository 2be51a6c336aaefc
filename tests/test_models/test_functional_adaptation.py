import torch
from torch import nn

from mmfashion_lm.models.utils.functional_adaptation import (adapt_params,
                                                             call_with,
                                                             module_params)


def _tiny_net():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.Tanh(),
        nn.Conv2d(3, 1, 1)).double()


def _data():
    generator = torch.Generator().manual_seed(1)
    support = torch.randn(4, 2, 5, 5, generator=generator,
                          dtype=torch.float64)
    query = torch.randn(3, 2, 5, 5, generator=generator, dtype=torch.float64)
    targets = [
        torch.randn(n, 1, 5, 5, generator=generator, dtype=torch.float64)
        for n in (4, 3)
    ]
    return support, query, targets


def _meta_loss(net, params, first_order=False):
    """Query loss after 3 support steps, as a function of ``params``."""
    support, query, (support_target, query_target) = _data()

    def support_loss(p):
        return ((call_with(net, p, support) - support_target)**2).mean()

    adapted = adapt_params(params, support_loss, steps=3, lr=0.5,
                           first_order=first_order)
    return ((call_with(net, adapted, query) - query_target)**2).mean()


def test_meta_gradient_matches_finite_differences_second_order():
    net = _tiny_net().train()
    params = module_params(net)
    loss = _meta_loss(net, params)
    grads = torch.autograd.grad(loss, list(params.values()))
    eps = 1e-6
    with torch.no_grad():
        for (name, param), grad in zip(params.items(), grads):
            for index in [(0, ) * param.dim(), (-1, ) * param.dim()]:
                value = param[index].item()
                param[index] = value + eps
                with torch.enable_grad():
                    plus = _meta_loss(net, module_params(net)).item()
                param[index] = value - eps
                with torch.enable_grad():
                    minus = _meta_loss(net, module_params(net)).item()
                param[index] = value
                numeric = (plus - minus) / (2 * eps)
                assert abs(grad[index].item() - numeric) <= \
                    1e-6 + 1e-5 * abs(numeric), (name, index)


def test_first_order_is_the_query_gradient_at_the_adapted_params():
    net = _tiny_net().train()
    params = module_params(net)
    first = torch.autograd.grad(
        _meta_loss(net, params, first_order=True), list(params.values()))
    second = torch.autograd.grad(_meta_loss(net, params),
                                 list(params.values()))
    # the query gradient at the adapted parameters, computed directly
    support, query, (support_target, query_target) = _data()
    adapted = adapt_params(
        params, lambda p: ((call_with(net, p, support) - support_target)**2)
        .mean(), steps=3, lr=0.5)
    adapted = {n: p.detach().requires_grad_() for n, p in adapted.items()}
    direct = torch.autograd.grad(
        ((call_with(net, adapted, query) - query_target)**2).mean(),
        list(adapted.values()))
    for a, b in zip(first, direct):
        torch.testing.assert_close(a, b)
    assert any(not torch.allclose(a, b) for a, b in zip(first, second))


def test_adaptation_leaves_the_module_and_its_batchnorm_untouched():
    net = _tiny_net().train()
    before = {k: v.clone() for k, v in net.state_dict().items()}
    _meta_loss(net, module_params(net)).backward()
    for name, value in net.state_dict().items():
        assert torch.equal(value, before[name]), name
