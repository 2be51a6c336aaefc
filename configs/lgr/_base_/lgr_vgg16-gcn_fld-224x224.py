# The plain-GCN ablation of LGR on FLD (Table 2, "Different Graph Layers"):
# Map-to-Node, graph convolutions over the leaf graph only, Node-to-Map
# (GCNStack), in place of the 4 stacked LGR layers of
# lgr_vgg16_fld-224x224.py. There is no clustering, hence no W_p and no
# orthogonality penalty. The configs ../lgr_vgg16-gcn{1,2,4,6,8}_fld-224x224.py
# set the number of layers.
_base_ = ['./lgr_vgg16_fld-224x224.py']

model = dict(orthogonality_weight=0., backbone=dict(lgr={{_base_.gcn_stack}}))
