#!/usr/bin/env bash
# Reproduces the figures of docs/performance.md: runs each configuration RUNS times and prints
# the median of the reported fields. Usage:
#
#   tools/bench/measure.sh [BIN] [RUNS] [SECTION...]
#
# Defaults: build/bin/weir-bench, 5 runs, every section. Sections: stateless (about 6 minutes
# on 2 cores), state (keyed state, about 2 minutes with 5 runs), keyed-window (issue 11's
# keyed windows, about 6 minutes with 5 runs), checkpoints (issue 12: checkpoint overhead,
# checkpoints under backpressure, recovery; about 12 minutes with 5 runs), distribution
# (issue 13: the stateless job in 2 local processes against one process and the plain loop,
# by batch size; a worker lost mid-job; about 8 minutes with 5 runs).
#
# Every ratio is Weir against the plain loop measured in the same process (--compare); the
# median ratio is the median of the per-run ratios, not the ratio of the medians.
set -euo pipefail

BIN=${1:-build/bin/weir-bench}
RUNS=${2:-5}
shift $(($# < 2 ? $# : 2))
SECTIONS=${*:-stateless state keyed-window checkpoints distribution actors}
COMMON="--keys 1000 --events-per-ms 1000"

# median FIELD FILE: the median of FIELD=value over the lines of FILE.
median() {
  grep -o "\b$1=[^ ]*" "$2" | cut -d= -f2 | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run LABEL FIELDS... -- SUBCOMMAND ARGS...: RUNS runs of `weir-bench SUBCOMMAND ARGS`, then one
# line with the median of each field.
run() {
  local label=$1
  shift
  local fields=()
  while [[ $1 != -- ]]; do
    fields+=("$1")
    shift
  done
  shift
  local out
  out=$(mktemp)
  local load
  load=$(cut -d' ' -f1 /proc/loadavg) # the 1-minute load average: other work on the machine
  for ((i = 0; i < RUNS; ++i)); do
    "$BIN" "$@" >>"$out"
  done
  local line="$label:"
  for f in "${fields[@]}"; do
    line+=" $f=$(median "$f" "$out")"
  done
  echo "$line loadavg_before=$load   # weir-bench $*"
  grep -q "match=no" "$out" && echo "  MISMATCH in $label" >&2
  rm -f "$out"
}

# The stateless pipeline: throughput, latency, memory under backpressure.
section_stateless() {
  local THROUGHPUT="events_per_sec baseline_events_per_sec ratio peak_rss_mb"

  echo "== (1) chained pipeline, P=1, N=50M, by batch size"
  for b in 256 1024 4096; do
    run "p1_batch$b" $THROUGHPUT -- stateless --events 50000000 $COMMON --parallelism 1 \
      --batch-size "$b" --compare
  done

  echo "== (2) map -> rebalance -> filter, P=2, N=50M, by batch size"
  for b in 256 1024 4096; do
    run "p2_rebalance_batch$b" $THROUGHPUT -- stateless --events 50000000 $COMMON --parallelism 2 \
      --rebalance --batch-size "$b" --compare
  done
  run "p2_chained" $THROUGHPUT -- stateless --events 50000000 $COMMON --parallelism 2 --compare

  echo "== (3) latency at 1M events/s, buffer timeout 1 ms, N=5M"
  local LATENCY="events_per_sec p50_latency_us p99_latency_us max_latency_us"
  run "rate_p1_chained" $LATENCY -- stateless \
    --events 5000000 $COMMON --parallelism 1 --rate 1000000 --buffer-timeout-ms 1
  run "rate_p1_rebalance" $LATENCY -- stateless \
    --events 5000000 $COMMON --parallelism 1 --rebalance --rate 1000000 --buffer-timeout-ms 1
  run "rate_p2_rebalance" $LATENCY -- stateless \
    --events 5000000 $COMMON --parallelism 2 --rebalance --rate 1000000 --buffer-timeout-ms 1

  echo "== (4) slow sink: peak RSS against N (P=2, rebalance, 200 us per 1024 results)"
  for n in 10000000 100000000; do
    run "slow_sink_n$n" events_per_sec elapsed_s peak_rss_mb -- stateless \
      --events "$n" $COMMON --parallelism 2 --rebalance --slow-sink-us 200
  done
  for n in 10000000 100000000; do
    run "slow_sink_credits64_n$n" events_per_sec elapsed_s peak_rss_mb -- stateless \
      --events "$n" $COMMON --parallelism 2 --rebalance --slow-sink-us 200 --credits 64
  done
}

# Keyed state: each backend against its baseline (std::unordered_map, bare RocksDB).
section_state() {
  echo "== (5) keyed state: read-modify-write of a value_state<double>, random keys"
  local STATE="ops_per_sec baseline_ops_per_sec ratio peak_rss_mb baseline_peak_rss_mb"
  run "state_heap_k100k" $STATE -- state --backend heap --keys 100000 --ops 2000000 --compare
  run "state_heap_k1k" $STATE -- state --backend heap --keys 1000 --ops 20000000 --compare
  run "state_rocksdb_k100k" $STATE -- state --backend rocksdb --keys 100000 --ops 500000 --compare
}

# Keyed tumbling event-time windows (average per key and 1 s window) against the hash-map loop.
section_keyed_window() {
  echo "== (6) keyed windows: key_by -> 1 s tumbling event-time windows -> aggregate(avg)"
  local WINDOW="events_per_sec baseline_events_per_sec ratio peak_rss_mb"
  local KW="--keys 1000 --events-per-ms 10"
  run "window_p1_heap" $WINDOW -- keyed-window --events 20000000 $KW --parallelism 1 --compare
  run "window_p2_heap" $WINDOW -- keyed-window --events 20000000 $KW --parallelism 2 --compare
  run "window_p1_rocksdb" $WINDOW -- keyed-window --events 20000000 $KW --parallelism 1 \
    --state-backend rocksdb --compare
  run "window_p1_rocksdb_cache100k" $WINDOW -- keyed-window --events 2000000 $KW \
    --parallelism 1 --state-backend rocksdb --window-cache-entries 100000 --compare
  run "window_p1_rocksdb_nocache" $WINDOW -- keyed-window --events 1000000 $KW --parallelism 1 \
    --state-backend rocksdb --window-cache-entries 0 --compare

  echo "== (7) latency of a window result at 1M events/s (event time = wall time), N=10M"
  local LATENCY="events_per_sec p50_latency_ms p99_latency_ms max_latency_ms"
  run "window_rate_p1_wm200" $LATENCY -- keyed-window --events 10000000 --keys 1000 \
    --events-per-ms 1000 --parallelism 1 --rate 1000000
  for wm in 10 1; do
    run "window_rate_p1_wm$wm" $LATENCY -- keyed-window --events 10000000 --keys 1000 \
      --events-per-ms 1000 --parallelism 1 --rate 1000000 --watermark-interval-ms $wm \
      --buffer-timeout-ms 1
  done
}

# Checkpoints (issue 12): the keyed-window job without and with exactly-once checkpoints in the
# same process (checkpoint_ratio), a checkpoint under full backpressure, and a recovery.
section_checkpoints() {
  echo "== (8) keyed windows with checkpoints every 1000 ms against the same job without, N=200M"
  local CKPT="events_per_sec nocheckpoint_events_per_sec checkpoint_ratio ratio nocheckpoint_ratio"
  CKPT+=" checkpoints checkpoint_mean_ms checkpoint_max_ms checkpoint_mean_bytes checkpoint_max_bytes"
  local KW="--events 200000000 --keys 1000 --events-per-ms 10 --parallelism 1"
  run "checkpoint_p1_heap" $CKPT -- keyed-window $KW --checkpoint-interval-ms 1000 --compare
  run "checkpoint_p1_rocksdb" $CKPT -- keyed-window $KW --state-backend rocksdb \
    --checkpoint-interval-ms 1000 --compare
  run "checkpoint_p1_heap_unaligned" $CKPT -- keyed-window $KW --checkpoint-interval-ms 1000 \
    --unaligned --compare
  # A/A: the interval is longer than the run, so only the final checkpoint is taken; what is
  # left of checkpoint_ratio is the run order and the final checkpoint.
  run "checkpoint_p1_heap_aa" $CKPT -- keyed-window $KW --checkpoint-interval-ms 3600000 --compare

  echo "== (9) a checkpoint under full backpressure (P=2, sink sleeps 10 ms per 1024 records)"
  local BP="checkpoints checkpoint_median_ms checkpoint_max_ms checkpoint_max_bytes"
  BP+=" sink_records_per_sec drain_ms"
  for c in 4 16; do
    run "backpressure_aligned_credits$c" $BP -- checkpoint-backpressure --credits $c
    run "backpressure_unaligned_credits$c" $BP -- checkpoint-backpressure --credits $c --unaligned
  done

  echo "== (10) recovery: one failure of Window Average, restart at once from the last checkpoint"
  local REC="recovery_ms notice_to_first_result_ms notice_ms teardown_ms restart_ms open_ms first_result_ms checkpoints"
  run "recovery_p1_heap" $REC -- recovery
  run "recovery_p1_rocksdb" $REC -- recovery --state-backend rocksdb
  run "recovery_p2_heap" $REC -- recovery --parallelism 2
}

# Distribution (issue 13): the stateless job on a coordinator and a worker process it starts,
# against the same job in one process (vs_one_process) and the plain loop (ratio), in one run.
section_distribution() {
  local DIST="events_per_sec one_process_events_per_sec baseline_events_per_sec ratio"
  DIST+=" one_process_ratio vs_one_process crossed_fraction wire_bytes_per_record startup_ms"
  DIST+=" peak_rss_mb worker_peak_rss_mb"
  local N="--events 50000000 $COMMON --parallelism 2 --processes 2"
  echo "== (11) control: chained P=2 in 2 processes (nothing crosses), N=50M"
  run "dist_chained" $DIST -- stateless $N --compare
  echo "== (11) map -> rebalance -> filter, P=2, 2 processes (half the records cross), N=50M"
  for b in 256 1024 4096; do
    run "dist_rebalance_batch$b" $DIST -- stateless $N --rebalance --batch-size "$b" --compare
  done
  echo "== (12) every record crosses (--cross-all: instance s sends to s + 1), N=50M"
  for b in 256 1024 4096; do
    run "dist_cross_all_batch$b" $DIST -- stateless $N --cross-all --batch-size "$b" --compare
  done
  run "dist_cross_all_credits16" $DIST -- stateless $N --cross-all --credits 16 --compare

  echo "== (13) a worker lost mid-job (coordinator + 2 workers, checkpoints every 1000 ms)"
  local LOSS="resume_ms lost_ms failing_ms restart_ms deploy_ms first_record_ms stall_ms checkpoints"
  run "node_loss_sigkill" $LOSS -- node-loss
  run "node_loss_sigstop" $LOSS -- node-loss --freeze
}

# Actors in and out of a job (issue 14): the stateless job fed by a producer actor through an
# inlet against the same job on generate() (ratio) in one run, at several inlet capacities;
# queryable state under load.
section_actors() {
  local ACT="events_per_sec baseline_events_per_sec loop_events_per_sec ratio peak_rss_mb"
  echo "== (14) actor source against generate(), P=1, N=50M"
  for c in 4096 16384 65536; do
    run "actor_source_capacity$c" $ACT -- actor-source --events 50000000 --capacity "$c" --compare
  done
}

for section in $SECTIONS; do
  case $section in
    stateless) section_stateless ;;
    state) section_state ;;
    keyed-window) section_keyed_window ;;
    checkpoints) section_checkpoints ;;
    distribution) section_distribution ;;
    actors) section_actors ;;
    *) echo "measure.sh: unknown section '$section' (stateless, state, keyed-window, checkpoints, distribution, actors)" >&2
       exit 2 ;;
  esac
done
