#!/bin/sh
# Build BENCHMARKS.md from bench/results/: the summary and faults table (_head.md), then
# each benchmark's own results file, its headings one level down. Run from the repository
# root after a benchmark's results file changes.
set -eu
out=BENCHMARKS.md
cat bench/results/_head.md > "$out"
for name in ingest scale load extraction metadata geo aboutness stories feedparse site newsletter; do
    file="bench/results/$name.md"
    [ -f "$file" ] || continue
    printf '\n' >> "$out"
    sed 's/^#/##/' "$file" >> "$out"
done
echo "wrote $out"
