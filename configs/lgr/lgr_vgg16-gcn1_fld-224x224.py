# LGR ablation on FLD (Table 2, "Different Graph Layers"): 1 plain graph convolution over
# the leaf graph (Map-to-Node, GCN x 1, Node-to-Map) in place of the 4
# stacked LGR layers.
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

lgr_plugin = dict(_base_.lgr_plugin, cfg=dict(_base_.gcn_stack, num_layers=1))
model = dict(backbone=dict(plugins=[lgr_plugin]))
