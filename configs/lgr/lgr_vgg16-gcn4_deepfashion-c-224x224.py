# LGR ablation on DeepFashion-C (Table 2, "Different Graph Layers"): 4 plain graph convolutions
# over the leaf graph (Map-to-Node, GCN x 4, Node-to-Map) in place of the 4
# stacked LGR layers.
_base_ = ['./_base_/lgr_vgg16_deepfashion-c-224x224.py']

lgr_plugin = dict(_base_.lgr_plugin, cfg=dict(_base_.gcn_stack, num_layers=4))
model = dict(backbone=dict(plugins=[lgr_plugin]))
