# LGR baseline on DeepFashion-C (the paper reports a VGG16 row for FLD only,
# Table 2): VGG-16 and the same head (two deconv layers, 1x1 conv + sigmoid)
# without any graph layer, trained like the LGR configs
# (_base_/lgr_vgg16_deepfashion-c-224x224.py).
_base_ = ['./_base_/lgr_vgg16_deepfashion-c-224x224.py']

model = {{_base_.no_graph_model}}
