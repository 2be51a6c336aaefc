#!/usr/bin/env bash
# Usage: tools/dist_train.sh CONFIG NPROC [train.py args...]
# Starts NPROC processes of tools/train.py on this node with torchrun
# (python -m torch.distributed.run) and passes them --launcher pytorch and the
# remaining arguments (--work-dir, --resume, --cfg-options, ...; see
# `python tools/train.py --help`). On machines without a GPU the processes
# train on CPU over gloo. Environment variables (defaults in brackets):
#   NNODES [1], NODE_RANK [0], MASTER_ADDR [127.0.0.1]: multi-node runs
#   PORT [29500]: the rendezvous port; give each concurrent run its own
#   PYTHON [python]: the interpreter, e.g. .venv/bin/python
# Example, after `make data`:
#   tools/dist_train.sh configs/baseline/td-hm_res18_synthfashion-fld-96x96.py 2 \
#       --work-dir work_dirs/baseline_dist --cfg-options train_cfg.max_epochs=1
set -euo pipefail
CONFIG=$1
NPROC=$2
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
    "$(dirname "$0")/train.py" \
    "$CONFIG" \
    --launcher pytorch "${@:3}"
