#!/usr/bin/env bash
# Starts a relaybridge cluster on this machine (docs/cluster.md): Kamailio as the SIP front on 127.0.0.1:5060,
# PostgreSQL for the records, and two nodes — a on 127.0.0.21, b on 127.0.0.22 (SIP 5060, HTTP 8080, data grid
# 6900) — sharing their calls in Payara's data grid. Runs in the foreground and starts a node again when it ends;
# Ctrl-C (or SIGTERM) stops the nodes one at a time (the first hands its calls over to the next, the last ends
# them, docs/cluster.md) and then the front.
#
#   mvn -B -q -DskipTests clean package && cluster/start.sh
#
# Environment (all optional):
#   RELAYBRIDGE_CLUSTER_RUN     working folder (default cluster/run): configuration, logs, pid files
#   RELAYBRIDGE_CLUSTER_CONFIG  a folder whose sip-config/ and relay-profiles/ files replace the shipped ones, and
#                               whose nodes/<name>/ files replace those of one node (its sip.json, say)
#   RELAYBRIDGE_DB_URL, RELAYBRIDGE_DB_USER, RELAYBRIDGE_DB_PASSWORD
#                               the records' PostgreSQL; without a URL this machine's PostgreSQL is started and a
#                               database "relaybridge" made, its password kept in the working folder
#   JAVA_OPTS                   more JVM options for both nodes
#   RELAYBRIDGE_CLUSTER_NODES   which nodes to start (default "a b"; "a": one node behind the front, as the
#                               replication bench compares, bench/cluster-run.sh)
set -euo pipefail
# the whole script is one function, read before it runs: bash reads a script as it goes, and this one runs for
# hours, so an edit of the file (a checkout) would otherwise change what a running cluster does next
main() {
repo=$(cd "$(dirname "$0")/.." && pwd)
run=${RELAYBRIDGE_CLUSTER_RUN:-$repo/cluster/run}
bundle=$repo/target/relaybridge-microbundle.jar
read -r -a nodes <<< "${RELAYBRIDGE_CLUSTER_NODES:-a b}"
declare -gA ip=([a]=127.0.0.21 [b]=127.0.0.22)
grid_members="tcpip:127.0.0.21:6900,127.0.0.22:6900"

[ -f "$bundle" ] || { echo "no $bundle: build it first (mvn -B -q -DskipTests clean package)" >&2; exit 1; }
missing=()
command -v kamailio >/dev/null 2>&1 || missing+=(kamailio)
[ -n "${RELAYBRIDGE_DB_URL:-}" ] || command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "install first: apt-get install ${missing[*]}" >&2; exit 1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p "$run"

# the records: one database for every node, so a survivor finishes a dead node's records (docs/cluster.md)
if [ -z "${RELAYBRIDGE_DB_URL:-}" ]; then
  [ -f "$run/db-password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$run/db-password")
  export RELAYBRIDGE_DB_PASSWORD=$(cat "$run/db-password")
  pg_port=$("$repo/cluster/postgres.sh")
  RELAYBRIDGE_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/relaybridge"
  RELAYBRIDGE_DB_USER=relaybridge
fi
export RELAYBRIDGE_DB_PASSWORD

# each node's configuration: the shipped one, the node's own sip.json and cluster.json, the shared database.json,
# then RELAYBRIDGE_CLUSTER_CONFIG's files
for n in "${nodes[@]}"; do
  dir=$run/$n
  rm -rf "$dir" && mkdir -p "$dir"
  cp -r "$repo/sip-config" "$repo/relay-profiles" "$dir/"
  cp "$repo/cluster/nodes/$n/sip.json" "$repo/cluster/nodes/$n/cluster.json" "$dir/sip-config/"
  printf '{ "url": "%s", "user": "%s", "password": "${RELAYBRIDGE_DB_PASSWORD}" }\n' \
    "$RELAYBRIDGE_DB_URL" "${RELAYBRIDGE_DB_USER:-relaybridge}" > "$dir/sip-config/database.json"
  if [ -n "${RELAYBRIDGE_CLUSTER_CONFIG:-}" ]; then
    (cd "$RELAYBRIDGE_CLUSTER_CONFIG" && for part in sip-config relay-profiles; do
       [ -d "$part" ] && cp -r "$part" "$dir/"
     done) || true
    # a node's own files last: nodes/<name>/sip-config/sip.json and the like
    [ -d "$RELAYBRIDGE_CLUSTER_CONFIG/nodes/$n" ] && cp -r "$RELAYBRIDGE_CLUSTER_CONFIG/nodes/$n"/. "$dir/"
  fi
done

front=
supervisors=()
stop_all() {
  trap - INT TERM EXIT
  touch "$run/stopping"
  # one node at a time: the first hands its calls over to the next (docs/cluster.md, "Drain"), the last ends them
  for n in "${nodes[@]}"; do
    [ -f "$run/node-$n.pid" ] || continue
    pid=$(cat "$run/node-$n.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$run/node-$n.pid"
    sleep 2 # the next node takes the calls up
  done
  [ ${#supervisors[@]} -gt 0 ] && wait "${supervisors[@]}" 2>/dev/null || true
  kill -TERM "$front" 2>/dev/null || true
  rm -f "$run/stopping"
}
trap stop_all INT TERM EXIT
rm -f "$run/stopping"

# the front
kamailio -f "$repo/cluster/kamailio.cfg" -DD -E -m 256 -M 16 -P "$run/kamailio.pid" \
  -A FRONT_IP=127.0.0.1 -A FRONT_PORT=5060 -A "DS_LIST=\"$repo/cluster/dispatcher.list\"" \
  -A "CTL_SOCK=\"unix:$run/kamailio.ctl\"" > "$run/kamailio.log" 2>&1 &
front=$!

# One node, started again whenever it ends (a crash, or a stop for a rolling restart: kill -TERM the pid in
# node-<n>.pid; docs/cluster.md) until the cluster stops. Payara's data grid is switched on for the node alone,
# its members named, never multicast; a node asking to join is let in after 1 s, not Hazelcast's 5 (there are no
# others to wait for).
supervise() {
  local n=$1 a=${ip[$1]} pid
  while [ ! -f "$run/stopping" ]; do
    # a node boots at the lowest priority and gets the normal one when it is ready: its boot would take every core
    # for half a minute, and the node that carries the calls meanwhile must keep answering (on a machine the nodes
    # share, the front would otherwise take a starved node out, docs/cluster.md)
    (cd "$run/$n" && exec nice -n 19 java ${JAVA_OPTS:-} \
      -Dpayaramicro.noHazelcast=false \
      -Dhazelcast.local.localAddress="$a" -Dhazelcast.socket.bind.any=false \
      -Dhazelcast.heartbeat.interval.seconds=1 -Dhazelcast.max.no.heartbeat.seconds=5 -Dhazelcast.wait.seconds.before.join=1 \
      -Drelaybridge.config.dir="$run/$n" -Drelaybridge.http.address="$a" \
      -jar "$bundle" --port 8080 --name "$n" --clustername relaybridge --clustermode "$grid_members" \
      --interfaces "$a" --startport 6900) >> "$run/node-$n.log" 2>&1 &
    pid=$!
    echo "$pid" > "$run/node-$n.pid"
    (for _ in $(seq 1 480); do
       kill -0 "$pid" 2>/dev/null || exit 0
       if curl -fsS -o /dev/null "http://$a:8080/health/ready" 2>/dev/null; then
         # every thread: Linux keeps a priority per thread
         for task in /proc/"$pid"/task/*; do renice -n 0 -p "${task##*/}" >/dev/null 2>&1 || true; done
         exit 0
       fi
       sleep 0.5
     done) &
    wait "$pid" || true
    [ -f "$run/stopping" ] || { echo "node $n ended: starting it again" >&2; sleep 1; }
  done
}
for n in "${nodes[@]}"; do
  : > "$run/node-$n.log"
  supervise "$n" &
  supervisors+=($!)
  # the next node once this one's data grid listens: two members starting at the same moment may each form a
  # grid of their own and merge later (docs/cluster.md, "Start it")
  for _ in $(seq 1 240); do
    ss -Hltn "sport = :6900" 2>/dev/null | grep -Eq "${ip[$n]}]?:6900" && break
    sleep 0.5
  done
done
for n in "${nodes[@]}"; do
  for _ in $(seq 1 50); do [ -f "$run/node-$n.pid" ] && break; sleep 0.1; done
done

for n in "${nodes[@]}"; do
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "http://${ip[$n]}:8080/health/ready" 2>/dev/null && break
    kill -0 "$front" 2>/dev/null || { echo "the front exited: see $run/kamailio.log" >&2; exit 1; }
    sleep 0.5
  done
  curl -fsS -o /dev/null "http://${ip[$n]}:8080/health/ready" || { echo "node $n not ready: $run/node-$n.log" >&2; exit 1; }
done
echo "relaybridge cluster ready: SIP front 127.0.0.1:5060; nodes:$(for n in "${nodes[@]}"; do printf ' %s http://%s:8080/' "$n" "${ip[$n]}"; done)"
echo "logs and pid files in $run; Ctrl-C stops the cluster"
# a node that dies leaves the others running (its calls go on there); the cluster ends with its front
wait "$front" || true
echo "the front ended: stopping the nodes" >&2
}
main "$@"
