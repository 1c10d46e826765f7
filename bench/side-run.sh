#!/usr/bin/env bash
# The whole measurement of bench/README.md's latest table, in one session: PROJECT=this repository,
# ANCHORS=a prepared copy of the shared harness (pg.sh init, schema, Django seed, ceiling built).
PROJECT=${PROJECT:?this repository}
set -uo pipefail
cd "${ANCHORS:?the copy of the shared harness}"
export GERBANG_KEY_ENCRYPTION_KEY=$(head -c32 /dev/urandom | base64)
ulimit -n 20000 2>/dev/null || true   # 1,500 connections need more than 1,024 descriptors
echo "== seed pg $(date -Is)"
time ./gerbang.sh seed "$PROJECT"
echo "== side $(date -Is)"
./side.sh "$PROJECT" 20s "64 500"
echo "== overload $(date -Is)"
pid=$(./gerbang.sh start "$PROJECT" | tail -1)
for c in 500 1500; do
  BENCH_DATA=load/data-gerbang/ LABEL=gerbang-overload load/run.sh http://127.0.0.1:8082 mix 20s $c
  curl -s http://127.0.0.1:8082/metrics | grep -E "admission_refusals_total|admission_in_flight|db_pool_connections" || true
done
echo "== open loop $(date -Is)"
for r in 800 2400; do
  "$PROJECT"/target/release/gerbang-bench load --base http://127.0.0.1:8082 --tokens load/data-gerbang/pairs.tsv --duration 20 --rate $r
done
kill $pid; sleep 2
echo "== sqlite seed $(date -Is)"
sed -e 's#^URL=.*#URL=sqlite:///tmp/gerbang-sqlite/bench.db#' \
    -e 's#data-gerbang#data-gerbang-sqlite#' \
    -e 's#"$BENCH/pg.sh" psql -qc "DROP DATABASE IF EXISTS gerbang" -c "CREATE DATABASE gerbang"#rm -rf /tmp/gerbang-sqlite; mkdir -p /tmp/gerbang-sqlite#' \
    -e 's#/tmp/gerbang-bench-data#/tmp/gerbang-bench-data-sqlite#' \
    gerbang.sh > gerbang-sqlite.sh
chmod +x gerbang-sqlite.sh
export GERBANG_BENCH_PORT=8083
time ./gerbang-sqlite.sh seed "$PROJECT"
echo "== sqlite runs $(date -Is)"
pid=$(./gerbang-sqlite.sh start "$PROJECT" | tail -1)
BENCH_DATA=load/data-gerbang-sqlite/ LABEL=warmup load/run.sh http://127.0.0.1:8083 mix 5s 64 >/dev/null
for s in catalog detail track submit mix; do for c in 64 500; do
  BENCH_DATA=load/data-gerbang-sqlite/ LABEL=gerbang-sqlite load/run.sh http://127.0.0.1:8083 $s 20s $c
done; done
kill $pid
echo "== done $(date -Is)"
