#!/usr/bin/env bash
# Usage: tools/dist_test.sh CONFIG CHECKPOINT NPROC [test.py args...]
# Starts NPROC processes of tools/test.py on this node with torchrun
# (python -m torch.distributed.run) and passes them --launcher pytorch and the
# remaining arguments (--work-dir, --out, --show-dir, --cfg-options, ...; see
# `python tools/test.py --help`). On machines without a GPU the processes run
# on CPU over gloo. Environment variables (defaults in brackets):
#   NNODES [1], NODE_RANK [0], MASTER_ADDR [127.0.0.1]: multi-node runs
#   PORT [29500]: the rendezvous port; give each concurrent run its own
#   PYTHON [python]: the interpreter, e.g. .venv/bin/python
# Example, after `make baseline-demo`:
#   tools/dist_test.sh configs/baseline/td-hm_res18_synthfashion-fld-96x96.py \
#       work_dirs/baseline_demo/epoch_12.pth 2
set -euo pipefail
CONFIG=$1
CHECKPOINT=$2
NPROC=$3
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}
PYTHON=${PYTHON:-python}

"$PYTHON" -m torch.distributed.run \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$NPROC" \
    --master_port="$PORT" \
    "$(dirname "$0")/test.py" \
    "$CONFIG" \
    "$CHECKPOINT" \
    --launcher pytorch "${@:4}"
