# LGR baseline on FLD (Table 2, "VGG16"): VGG-16 and the same head (two
# deconv layers, 1x1 conv + sigmoid) without any graph layer, trained like
# the LGR configs (_base_/lgr_vgg16_fld-224x224.py).
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

model = {{_base_.no_graph_model}}
