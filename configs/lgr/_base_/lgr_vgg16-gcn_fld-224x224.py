# The plain-GCN ablation of LGR on FLD: Map-to-Node, graph convolutions over
# the leaf graph only, Node-to-Map (GCNStack), in place of the 4 stacked LGR
# layers of lgr_vgg16_fld-224x224.py. The configs
# ../lgr_vgg16-gcn{1,2,4,6,8}_fld-224x224.py set the number of layers.
_base_ = ['./lgr_vgg16_fld-224x224.py']

model = dict(
    backbone=dict(
        lgr=dict(
            _delete_=True,
            type='GCNStack',
            layout_graph={{_base_.layout_graph}},
            num_layers=4,
            node_channels=128)))
