# LGR on FLD at the paper's size: VGG-16, 4 stacked LGR layers before conv
# block 5, 224x224 (_base_/lgr_vgg16_224x224.py).
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']
