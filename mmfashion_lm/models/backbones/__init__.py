from .sanl_resnet import SANLResNet
from .sanl_vgg import SANLVGG

__all__ = ['SANLResNet', 'SANLVGG']
