from typing import Callable, Tuple

from mmpose.models.backbones import ResNet
from torch import Tensor, nn

# runs stage ``i`` (its res layer ``layer``) on ``x``
StageFn = Callable[[int, nn.Module, Tensor], Tensor]


def resnet_forward(backbone: ResNet, x: Tensor,
                   run_stage: StageFn) -> Tuple[Tensor, ...]:
    """mmpose's ``ResNet.forward`` with every res layer run through
    ``run_stage(i, layer, x)``, where the SANL and LGR backbones put a module
    after or before it.

    Args:
        backbone (ResNet): The backbone whose stem and res layers run
        x (Tensor): Images in shape (B, 3, H, W)
        run_stage (Callable): Runs stage ``i``, e.g.
            ``lambda i, layer, x: layer(x)`` for the plain ResNet

    Returns:
        tuple[Tensor]: The outputs of the stages in ``out_indices``
    """
    if backbone.deep_stem:
        x = backbone.stem(x)
    else:
        x = backbone.relu(backbone.norm1(backbone.conv1(x)))
    x = backbone.maxpool(x)
    outs = []
    for i, layer_name in enumerate(backbone.res_layers):
        x = run_stage(i, getattr(backbone, layer_name), x)
        if i in backbone.out_indices:
            outs.append(x)
    return tuple(outs)
