# Not the paper's training (it uses no pre-trained model, Sec. 4.1): LGR on
# DeepFashion-C (lgr_vgg16-stack4_deepfashion-c-224x224.py) with VGG-16
# initialised from ImageNet weights (downloaded by init_weights), everything
# else the same.
_base_ = ['./lgr_vgg16-stack4_deepfashion-c-224x224.py']

model = dict(backbone=dict(init_cfg={{_base_.imagenet_vgg16}}))
