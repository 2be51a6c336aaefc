from typing import Sequence, Tuple, Union

from mmcv.cnn import ConvModule
from mmpose.registry import MODELS
from torch import Tensor, nn


@MODELS.register_module()
class ConvDeconvNeck(nn.Module):
    """Transposed convolutions then convolutions over a backbone's last
    features: MetaCloth's FENet neck (section 4.2: "ten convolution layers
    and two deconvolution layers", after SimpleBaseline), which makes the
    512-channel cloth-level features ``F_cloth``.

    The paper gives the layer counts and the 512 channels; the order, the
    kernels and the normalisation are ours: each transposed convolution
    4 x 4 with stride 2 (SimpleBaseline's), each convolution 3 x 3, all with
    BatchNorm and ReLU, so that a ResNet's stride-32 output becomes
    stride-8 features.

    Args:
        in_channels (int): Channels of the backbone's last output.
        out_channels (int): Channels of every layer. Defaults to 512
        num_deconvs (int): Transposed convolutions, each doubling the
            resolution. Defaults to 2
        num_convs (int): Convolutions after them. Defaults to 10
        norm_cfg (dict): Normalisation after each layer. Defaults to
            ``dict(type='BN')``
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int = 512,
                 num_deconvs: int = 2,
                 num_convs: int = 10,
                 norm_cfg: dict = dict(type='BN')) -> None:
        super().__init__()
        layers = []
        for _ in range(num_deconvs):
            layers.append(
                ConvModule(in_channels, out_channels, 4, stride=2,
                           padding=1, conv_cfg=dict(type='deconv'),
                           norm_cfg=norm_cfg))
            in_channels = out_channels
        for _ in range(num_convs):
            layers.append(
                ConvModule(in_channels, out_channels, 3, padding=1,
                           norm_cfg=norm_cfg))
            in_channels = out_channels
        self.layers = nn.Sequential(*layers)
        self.out_channels = out_channels

    def forward(self, inputs: Union[Tensor, Sequence[Tensor]]
                ) -> Tuple[Tensor]:
        """The features of the backbone's last output.

        Args:
            inputs (Tensor | Sequence[Tensor]): The backbone's outputs (the
                last one is used) or one tensor (B, in_channels, H, W).

        Returns:
            tuple[Tensor]: One tensor (B, out_channels, H * 2 ** num_deconvs,
            W * 2 ** num_deconvs), as mmpose necks return.
        """
        if not isinstance(inputs, Tensor):
            inputs = inputs[-1]
        return (self.layers(inputs), )
