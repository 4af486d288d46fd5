#!/usr/bin/env bash
# Benchmark of the main job: runs deploy/local/run-blend.sh (same flags) and writes a JSON summary with each
# round's accuracy, loss, time in training / transfer / blending / evaluation / persistence and bytes each way,
# plus the share of the wall time spent outside training and evaluation.
#
#   deploy/bench/run-bench.sh [run-blend.sh flags]      -> deploy/bench/results/bench-<timestamp>.json
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out_dir="$root/deploy/bench/results"
mkdir -p "$out_dir"
out="$out_dir/bench-$(date -u +%Y%m%dT%H%M%SZ).json"

# Build first so the timed part is the job itself.
(cd "$root" && { [ -f server-service/target/quarkus-app/quarkus-run.jar ] && [ -f client-cli/target/quarkus-app/quarkus-run.jar ]; } \
  || ./mvnw -B -ntp package -DskipTests >/dev/null)

start=$(date +%s.%N)
"$root/deploy/local/run-blend.sh" "$@"
end=$(date +%s.%N)

python3 - "$root/.fedblend/last-run.json" "$start" "$end" "$out" <<'PY'
import json, sys, platform, os
rounds_path, start, end, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rounds = json.load(open(rounds_path))
wall_ms = (end - start) * 1000
keys = ["trainMs", "transferMs", "blendMs", "evalMs", "persistMs", "bytesIn", "bytesOut"]
total = {k: sum(r.get(k, 0) for r in rounds) for k in keys}
overhead_ms = total["transferMs"] + total["blendMs"] + total["persistMs"]
# The rounds' own span: from the baseline's record to the last round's, i.e. the federated part of the job.
summary = {
    "machine": {"cpus": os.cpu_count(), "python_platform": platform.platform()},
    "wall_seconds_whole_job": round(wall_ms / 1000, 1),
    "rounds": [{k: r.get(k) for k in ["round", "alpha", "accuracy", "loss", "clients", "samples"] + keys}
               for r in rounds],
    "totals_ms": total,
    "outside_training_and_evaluation_ms": overhead_ms,
    "outside_training_and_evaluation_share_of_wall": round(overhead_ms / wall_ms, 5),
    "baseline_accuracy": rounds[0]["accuracy"],
    "final_accuracy": rounds[-1]["accuracy"],
}
json.dump(summary, open(out, "w"), indent=2)
print()
print("== Benchmark")
print("round  accuracy   loss     train_s  transfer_s  blend_s  eval_s  persist_s  MB_in  MB_out")
for r in rounds:
    print("%5d  %.4f    %.4f  %7.1f  %10.2f  %7.2f  %6.1f  %9.2f  %5.2f  %6.2f" % (
        r["round"], r["accuracy"], r["loss"], r["trainMs"] / 1000, r["transferMs"] / 1000, r["blendMs"] / 1000,
        r["evalMs"] / 1000, r["persistMs"] / 1000, r["bytesIn"] / 1e6, r["bytesOut"] / 1e6))
print("whole job %.1f s; transfer + blend + persist %.2f s = %.2f%% of it" % (
    wall_ms / 1000, overhead_ms / 1000, 100 * overhead_ms / wall_ms))
print("written to", out)
PY
