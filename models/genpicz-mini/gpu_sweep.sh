#!/bin/bash
# Exploration only (not part of the recipe): trains recipe variants side by side on one GPU and
# evaluates each on the held-out prompts at guidance 2 and 3. How the recipe in train.py was chosen
# (MODEL_CARD.md). Usage, with the GPU machine's python3 (torch with CUDA):
#   [DATASET=/abs/dataset.npz] [MAX_MIN=6.5] gpu_sweep.sh OUTDIR "name steps batch channels lr patch" ...
set -u
cd "$(dirname "$0")"
out=$1; shift
mkdir -p "$out"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
start=$(date +%s)
if [ -n "${DATASET:-}" ]; then cp "$DATASET" "$out/dataset.npz"
else python3 data.py --seed 0 --count 100000 --out "$out/dataset.npz" > "$out/data.log" 2>&1; fi
echo "data built in $(( $(date +%s) - start )) s"
for v in "$@"; do
  set -- $v
  (python3 train.py --device cuda --dataset "$out/dataset.npz" --steps $2 --batch $3 \
      --channels $4 --lr $5 --patch $6 --max-minutes ${MAX_MIN:-6.5} --out "$out/$1.pt" > "$out/$1.log" 2>&1 &&
   (python3 evaluate.py --checkpoint "$out/$1.pt" --count 120 --report "$out/$1.json" > "$out/$1.eval" 2>&1 &
    python3 evaluate.py --checkpoint "$out/$1.pt" --count 120 --guidance 3.0 --report "$out/$1-g3.json" > "$out/$1-g3.eval" 2>&1; wait)) &
done
wait
echo "all done in $(( $(date +%s) - start )) s"
for f in "$out"/*.json; do
  n=$(basename "$f" .json)
  python3 -c "import json,sys; s=json.load(open('$f'))['summary']; print('$n', s['adherence_colour_and_shape'], 'colour', s['colour'], 'shape', s['shape'], 'pos', s['position'])"
  [ -f "$out/$n.log" ] && grep -E "done:|budget" "$out/$n.log"
done
