from .lgr_resnet import LGRResNet
from .lgr_vgg import LGRVGG
from .sanl_resnet import SANLResNet
from .sanl_vgg import SANLVGG

__all__ = ['LGRResNet', 'LGRVGG', 'SANLResNet', 'SANLVGG']
