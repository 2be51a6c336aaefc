from .plugin_resnet import PluginResNet
from .plugin_vgg import PluginVGG
from .stage_plugins import StagePlugins

__all__ = ['PluginResNet', 'PluginVGG', 'StagePlugins']
