# LGR ablation on FLD: 6 plain graph convolutions over the leaf graph
# (Map-to-Node, GCN x 6, Node-to-Map) in place of the 4 stacked LGR layers.
_base_ = ['./_base_/lgr_vgg16_fld-224x224.py']

model = dict(
    backbone=dict(
        lgr=dict(
            _delete_=True,
            type='GCNStack',
            layout_graph={{_base_.layout_graph}},
            num_layers=6,
            node_channels=128)))
