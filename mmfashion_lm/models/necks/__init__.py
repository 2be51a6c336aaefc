from .conv_deconv_neck import ConvDeconvNeck

__all__ = ['ConvDeconvNeck']
