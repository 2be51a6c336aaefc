# One place for the ordered CPU install (see docs/get_started.md and DESIGN facts).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CONSTRAINTS := requirements/cpu-constraints.txt
STAMP := $(VENV)/.installed

.PHONY: env test data demo baseline-demo clean-env

# the synthetic garment set in the real datasets' native formats
# (docs/datasets.md), every layout converted to COCO-style json
SYNTH := data/synthfashion
# `make demo`: the models of demo/fashion_demo.py, then the demo on photos
# (docs/inference.md)
DEMO_DIR := work_dirs/demo
DEMO_DETECTOR := configs/composite_fields/composite-fields-category_res18-single-b-fork-demo_synthfashion-multi-garment-97x97.py
DEMO_ATTRIBUTES := configs/multitask/mtl_res18-demo_synthfashion-deepfashion-c-128x128.py
PHOTOS ?= ../shared/data/real_photos
# `make baseline-demo`: a top-down landmark model, tested and drawn
BASELINE_CONFIG := configs/baseline/td-hm_res18_synthfashion-fld-96x96.py
BASELINE_DIR := work_dirs/baseline_demo

env: $(STAMP)

$(STAMP): requirements/cpu.txt $(CONSTRAINTS) setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -U -c $(CONSTRAINTS) pip setuptools wheel
	$(PIP) install -q -c $(CONSTRAINTS) torch==2.13.0
	$(PIP) install -q -c $(CONSTRAINTS) -r requirements/cpu.txt
	$(PY) -c "import mmcv.ops" 2>/dev/null || \
		MMCV_WITH_OPS=1 FORCE_CUDA=0 MAX_JOBS=$$(nproc) \
		$(PIP) install -q --no-build-isolation --no-deps -c $(CONSTRAINTS) mmcv==2.1.0
	$(PIP) install -q --no-deps -c $(CONSTRAINTS) mmdet==3.3.0 mmpose==1.3.2 mmpretrain==1.2.0
	$(PIP) install -q --no-deps --no-build-isolation -e .
	$(PY) -c "from mmfashion_lm.utils.torchvision_compat import write_startup_hook; write_startup_hook()"
	$(PY) -c "import mmpose.apis, mmcv.ops, mmpretrain.models, mmfashion_lm; print('env ok')"
	touch $(STAMP)

test: env
	$(PY) -m pytest tests

data: env
	@# each layout writes its list files last, atomically: present = complete
	test -f $(SYNTH)/fld/Eval/list_eval_partition.txt || \
		$(PY) tools/misc/generate_synthfashion.py --out $(SYNTH) --workers 2
	$(PY) tools/dataset_converters/fld_to_coco.py \
		--root $(SYNTH)/fld --out-dir $(SYNTH)/fld/annotations
	$(PY) tools/dataset_converters/deepfashion_to_coco.py \
		--root $(SYNTH)/deepfashion --out-dir $(SYNTH)/deepfashion/annotations
	$(PY) tools/dataset_converters/deepfashion2_to_coco.py \
		--root $(SYNTH)/deepfashion2 --out-dir $(SYNTH)/deepfashion2/annotations

demo: data
	$(PY) tools/train.py $(DEMO_DETECTOR) --work-dir $(DEMO_DIR)/detector
	$(PY) tools/train.py $(DEMO_ATTRIBUTES) --work-dir $(DEMO_DIR)/attributes
	@# PHOTOS=folder, else the developers' real photos beside the clone,
	@# else the synthetic validation images
	if [ -d $(PHOTOS) ]; then photos=$(PHOTOS); \
	else photos=$(SYNTH)/deepfashion2/validation/image; fi; \
	echo "Describing the photos of $$photos"; \
	$(PY) demo/fashion_demo.py $$photos --out-dir $(DEMO_DIR)/photos
	@echo "Drawings and results (.json) of the photos: $(DEMO_DIR)/photos/"

baseline-demo: data
	$(PY) tools/train.py $(BASELINE_CONFIG) --work-dir $(BASELINE_DIR)
	$(PY) tools/test.py $(BASELINE_CONFIG) $$(cat $(BASELINE_DIR)/last_checkpoint) \
		--work-dir $(BASELINE_DIR) --show-dir $(abspath $(BASELINE_DIR))/vis
	@echo "Landmark drawings of the test images: $(BASELINE_DIR)/vis/"

clean-env:
	rm -rf $(VENV)
