# Synthetic LGR table, row "2 plain GCN layers": Map-to-Node, 2 graph
# convolutions over the leaf graph, Node-to-Map, in place of the LGR stack.
_base_ = ['./_base_/lgr_res18_synthfashion-fld-128x128.py']

model = dict(
    backbone=dict(plugins=[
        dict(
            cfg=dict(
                type='GCNStack',
                layout_graph=_base_.layout_graph,
                num_layers=2,
                node_channels=64),
            stage=3,
            position='before')
    ]))
