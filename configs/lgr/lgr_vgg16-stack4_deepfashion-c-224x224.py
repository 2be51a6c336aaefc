# LGR on DeepFashion-C as the paper trains it on DeepFashion (Sec. 4.1,
# Table 1): VGG-16 from scratch, 4 stacked LGR layers before conv block 5,
# 224x224, Adam lr 1e-3, batch 16, lr x0.1 every 10 epochs, early stopping on
# the validation NE (_base_/lgr_vgg16_deepfashion-c-224x224.py).
# ImageNet-initialised: lgr_vgg16-imagenet-stack4_deepfashion-c-224x224.py.
_base_ = ['./_base_/lgr_vgg16_deepfashion-c-224x224.py']
