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
        deconv_kernel (int): The transposed convolutions' kernel, 4 (each
            doubles the map: ``2 H``) or 3 (``2 H - 1``: the cells of an
            input of ``stride * n + 1`` pixels, e.g. 9 cells at stride 16
            to the 17 at stride 8 of a 129-pixel input). Defaults to 4
        norm_cfg (dict): Normalisation after each layer. Defaults to
            ``dict(type='BN')``
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int = 512,
                 num_deconvs: int = 2,
                 num_convs: int = 10,
                 deconv_kernel: int = 4,
                 norm_cfg: dict = dict(type='BN')) -> None:
        super().__init__()
        if deconv_kernel not in (3, 4):
            raise ValueError(
                f'deconv_kernel must be 3 or 4, got {deconv_kernel}')
        layers = []
        for _ in range(num_deconvs):
            layers.append(
                ConvModule(in_channels, out_channels, deconv_kernel,
                           stride=2,
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
            tuple[Tensor]: One tensor (B, out_channels, H', W'), each
            transposed convolution taking a side from ``S`` to ``2 S``
            (``deconv_kernel=4``) or ``2 S - 1`` (3), as mmpose necks
            return.
        """
        if not isinstance(inputs, Tensor):
            inputs = inputs[-1]
        return (self.layers(inputs), )
