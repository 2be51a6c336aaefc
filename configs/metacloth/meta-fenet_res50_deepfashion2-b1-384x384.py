# MetaCloth's meta FENet for benchmark B1 (Algorithm 1, section 4.2), PPNet
# fixed: per task, 12 gradient steps (beta1 0.01) of the support loss with
# the detectors PPNet predicts from the base FENet, detectors re-predicted
# with the adapted FENet, then the query loss's gradient through the steps
# (second order) updates the meta FENet with beta2 = 2e-4 (plain gradient
# descent, equation 2); 40,000 tasks. Starts from the PPNet stage's
# checkpoint (its meta FENet is the base FENet, as ours initialises it). The
# test (tools/test.py) is Algorithm 2 on 700 unseen-category episodes.
_base_ = ['./ppnet_res50_deepfashion2-b1-384x384.py']

model = dict(stage='meta_fenet', base_checkpoint=None)
load_from = 'work_dirs/ppnet_res50_deepfashion2-b1-384x384/iter_40000.pth'
optim_wrapper = dict(optimizer=dict(type='SGD', lr=2e-4))
param_scheduler = []
