#!/usr/bin/env bash
# MetaCloth's whole pipeline at small scale on the synthetic DeepFashion2
# set, for one benchmark (b1 or b2): the base model M, PPNet (Algorithm 3),
# the meta FENet (Algorithm 1), the MAML and WG baselines, then the
# meta-test (Algorithm 2) of MetaCloth, the ablation Base-FEN and the
# baselines FT, PROTO, MAML and WG on the same episodes (1 and 5 shots), each
# printing its table. All by the configs
# configs/metacloth/*_res18-small_synthfashion-deepfashion2-<b>-128x128.py.
# Logs and checkpoints under work_dirs/. Usage:
#   tools/few_shot/metacloth_synthetic.sh b1
set -euo pipefail
benchmark=${1:-b1}
suffix=_res18-small_synthfashion-deepfashion2-${benchmark}-128x128
data=data/synthfashion-deepfashion2-3000
logs=work_dirs/metacloth-synthetic-${benchmark}
mkdir -p "$logs"
start=$(date +%s)
elapsed() { echo "$(( ($(date +%s) - start) / 60 )) min"; }

if [ ! -f "$data/deepfashion2/annotations/deepfashion2_train.json" ]; then
    echo "== generating $data"
    python tools/misc/generate_synthfashion.py --out "$data" \
        --num-images 3000 --layouts deepfashion2 --workers 2
    python tools/dataset_converters/deepfashion2_to_coco.py \
        --root "$data/deepfashion2" \
        --out-dir "$data/deepfashion2/annotations"
fi

run() {  # run NAME COMMAND...: its output to $logs/NAME.log
    local name=$1
    shift
    echo "== $name (at $(elapsed))"
    "$@" > "$logs/$name.log" 2>&1 || {
        echo "$name failed, see $logs/$name.log"
        tail -20 "$logs/$name.log"
        exit 1
    }
}
table() {  # the tables a test printed
    sed -n '/Few-shot landmarks over/,/Iter(test)/p' "$logs/$1.log" |
        sed '$d' | sed 's/^.* - INFO - //'
}

base=configs/metacloth/base-model$suffix.py
ppnet=configs/metacloth/ppnet$suffix.py
meta=configs/metacloth/meta-fenet$suffix.py
maml=configs/metacloth/maml$suffix.py
wg=configs/metacloth/wg$suffix.py
run base-model python tools/train.py "$base"
run ppnet python tools/train.py "$ppnet"
run meta-fenet python tools/train.py "$meta"
run maml python tools/train.py "$maml"
run wg python tools/train.py "$wg"
base_ckpt=$(cat "work_dirs/base-model$suffix/last_checkpoint")
run test-metacloth python tools/test.py "$meta" \
    "$(cat "work_dirs/meta-fenet$suffix/last_checkpoint")"
run test-base-fen python tools/test.py "$ppnet" \
    "$(cat "work_dirs/ppnet$suffix/last_checkpoint")"
run test-ft python tools/test.py configs/metacloth/ft$suffix.py "$base_ckpt"
run test-proto python tools/test.py configs/metacloth/proto$suffix.py \
    "$base_ckpt"
run test-maml python tools/test.py "$maml" \
    "$(cat "work_dirs/maml$suffix/last_checkpoint")"
run test-wg python tools/test.py "$wg" \
    "$(cat "work_dirs/wg$suffix/last_checkpoint")"
echo "== done in $(elapsed)"
for method in metacloth base-fen ft proto maml wg; do
    echo "-- $method"
    table "test-$method"
done
