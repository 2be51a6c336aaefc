# One place for the ordered CPU install (see docs/get_started.md and DESIGN facts).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CONSTRAINTS := requirements/cpu-constraints.txt
STAMP := $(VENV)/.installed

.PHONY: env test demo clean-env

# `make demo`: the embedded default end to end (docs/datasets.md)
SYNTH := data/synthfashion
DEMO_CONFIG := configs/baseline/td-hm_res18_synthfashion-fld-96x96.py
DEMO_DIR := work_dirs/demo

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

demo: env
	@# each layout writes its list files last, atomically: present = complete
	test -f $(SYNTH)/fld/Eval/list_eval_partition.txt || \
		$(PY) tools/misc/generate_synthfashion.py --out $(SYNTH) --workers 2
	$(PY) tools/dataset_converters/fld_to_coco.py \
		--root $(SYNTH)/fld --out-dir $(SYNTH)/fld/annotations
	$(PY) tools/train.py $(DEMO_CONFIG) --work-dir $(DEMO_DIR)
	$(PY) tools/test.py $(DEMO_CONFIG) $$(cat $(DEMO_DIR)/last_checkpoint) \
		--work-dir $(DEMO_DIR) --show-dir $(abspath $(DEMO_DIR))/vis
	@echo "Landmark drawings of the test images: $(DEMO_DIR)/vis/"

clean-env:
	rm -rf $(VENV)
