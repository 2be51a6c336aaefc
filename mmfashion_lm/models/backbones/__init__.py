from .feature_extraction_net import FeatureExtractionNet
from .plugin_resnet import PluginResNet
from .plugin_vgg import PluginVGG
from .stage_plugins import StagePlugins

__all__ = ['FeatureExtractionNet', 'PluginResNet', 'PluginVGG', 'StagePlugins']
