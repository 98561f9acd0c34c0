#!/usr/bin/env bash
# The call records writer on its own (docs/records-writer.md): call lifecycles written through CallRecords into a
# fresh H2 file and a fresh PostgreSQL schema, by the writer of a baseline commit and by this checkout's, back to
# back. Every call also gets its callback grant (PersistentCallbackTokens.issue, as CallbackMinter issues it). Prints
# rows/s, the answered call's wait for its commit (p50/p99/max) and the CPU per call of the records' writer thread
# and of the grants' writer thread (where a checkout still has one), and their sum.
#
#   flock /tmp/rb-tests.lock bench/records-writer-bench.sh [baseline-commit]
#
# The baseline defaults to 3083f66 (main before the records and grants shared one commit stream, issue 13);
# 46436ff is the last commit with the JPA writer (find, then persist or merge, per row). SIDES=new skips the baseline.
# PostgreSQL runs when RELAYBRIDGE_TEST_POSTGRES_URL, _USER and _PASSWORD are set (as .ci/run sets them); without
# them only H2. The load: BURST (calls written at once, default 20000), RATES (calls/s, default 500,1500,3000),
# SECONDS_EACH (per rate, default 5), H2_URL_SETTINGS (appended to the H2 URL, e.g. ";PAGE_SIZE=16384"), WARM_UP_SECONDS (at 500 calls/s before measuring, default 5). Holds no SIP
# or HTTP port; takes two to three minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
baseline=${1:-3083f66}
sides=${SIDES:-old new}
burst=${BURST:-20000}
rates=${RATES:-500,1500,3000}
seconds=${SECONDS_EACH:-5}
warm=${WARM_UP_SECONDS:-5}
out="$root/target/records-bench"
mkdir -p "$out"
cd "$root"

mvn -B -q -o -DskipTests compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null
deps=$(cat "$out/classpath.txt")

# the baseline's main classes, built once per commit from git's own copy (no work tree, nothing of this checkout)
commit=$(git rev-parse --verify "$baseline^{commit}")
if [ "$(cat "$out/baseline.commit" 2>/dev/null)" != "$commit" ]; then
  rm -rf "$out/baseline"
  mkdir -p "$out/baseline"
  git archive "$commit" pom.xml src/main | tar -x -C "$out/baseline"
  (cd "$out/baseline" && mvn -B -q -o -DskipTests compile)
  echo "$commit" >"$out/baseline.commit"
fi

for side in old new; do
  classes=$([ $side = old ] && echo "$out/baseline/target/classes" || echo "$root/target/classes")
  rm -rf "$out/bench-$side"
  javac -nowarn -d "$out/bench-$side" -cp "$classes:$deps" bench/records-writer/RecordsWriterBench.java
done

vendors=(h2)
[ -n "${RELAYBRIDGE_TEST_POSTGRES_URL:-}" ] && vendors+=(postgresql)
echo "baseline (old): $(git log -1 --format='%h %s' "$commit" | cut -c1-100)"
echo "this checkout (new): $(git log -1 --format='%h %s' | cut -c1-100)$(git diff --quiet HEAD -- src/main || echo ' + uncommitted changes')"
for vendor in "${vendors[@]}"; do
  for side in $sides; do
    classes=$([ $side = old ] && echo "$out/baseline/target/classes" || echo "$root/target/classes")
    java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.util.logging.config.file=/dev/null -cp "$out/bench-$side:$classes:$deps" \
      se.relaybridge.record.RecordsWriterBench "$vendor" "$side" "$warm" "$burst" "$rates" "$seconds" 2>"$out/$vendor-$side.log" \
      | grep -E "calls/s|dropped" || { echo "$vendor $side failed: see $out/$vendor-$side.log"; exit 1; }
  done
done
