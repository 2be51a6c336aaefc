# LGR on FLD as the paper trains it (Sec. 4.1, Table 1): VGG-16 from scratch,
# 4 stacked LGR layers before conv block 5, 224x224, Adam lr 1e-3, batch 16,
# lr x0.1 every 20 epochs, early stopping on the validation NE
# (_base_/lgr_vgg16_fld-224x224.py). ImageNet-initialised:
# lgr_vgg16-imagenet-stack4_fld-224x224.py.
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']
