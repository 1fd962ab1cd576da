#!/usr/bin/env bash
# Interop against real servers on loopback: Prosody 0.12 and ejabberd 23.01
# (Debian packages, installed and started by ../shared/peers/*-up.sh; users
# alice/alicepass and bob/bobpass on `localhost`, component echo.localhost /
# echosecret). Needs root (apt-get). Only 127.0.0.1 is ever contacted.
#
#   scripts/interop.sh            # both servers
#   scripts/interop.sh prosody    # one of prosody, ejabberd, own (examples/server + slixmpp)
#
# Prints one line per check and a closing 'N passed, N failed'; exits 1 if
# any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PEERS="$(cd "${XMPP_PEERS:-../shared/peers}" && pwd)"
WHICH="${1:-all}"
LOGDIR="${INTEROP_LOGS:-target/interop}"
# Fresh server state every run: no offline messages or accounts left over
# (ejabberd-up.sh cannot re-register existing users on a restart).
export PROSODY_RESET=1 EJABBERD_RESET=1
mkdir -p "$LOGDIR"
pass=0
fail=0

if [ "$(id -u)" -ne 0 ]; then
  echo "interop.sh: run as root (the peers' scripts install Debian packages)" >&2
  exit 2
fi

echo "== building examples"
cargo build --quiet --examples || exit 1
CLIENT=target/debug/examples/client
COMPONENT=target/debug/examples/component

check() { # check NAME CMD...
  local name="$1"; shift
  local log="$LOGDIR/$(echo "$name" | tr ' /:' '___').log"
  if timeout 60 "$@" >"$log" 2>&1; then
    echo "PASS $name"; pass=$((pass + 1))
  else
    echo "FAIL $name (log: $log)"; sed 's/^/    /' "$log" | tail -20; fail=$((fail + 1))
  fi
}

# alice sends to bob, who is logged in with a second session and must get it.
message_check() { # message_check SERVER PORT MECH EXTRA...
  local server="$1" port="$2" mech="$3"; shift 3
  local body="interop $server $mech $$ $RANDOM"
  local boblog="$LOGDIR/${server}_bob_${mech}.log"
  timeout 60 "$CLIENT" --jid bob@localhost/interop --password bobpass --port "$port" \
    --mech "$mech" --expect-from alice@localhost --timeout 30 "$@" >"$boblog" 2>&1 &
  local bob=$!
  for _ in $(seq 1 100); do grep -q '^step: ping answered' "$boblog" 2>/dev/null && break; sleep 0.1; done
  check "$server alice $mech -> bob" "$CLIENT" --jid alice@localhost --password alicepass --port "$port" \
    --mech "$mech" --to bob@localhost/interop --message "$body" "$@"
  if wait "$bob" && grep -q "^step: message received from alice@localhost" "$boblog"; then
    echo "PASS $server bob received alice's message ($mech)"; pass=$((pass + 1))
  else
    echo "FAIL $server bob did not receive alice's message ($mech) (log: $boblog)"
    sed 's/^/    /' "$boblog" | tail -20; fail=$((fail + 1))
  fi
}

# XEP-0198: bob's connection is cut after 4 messages and resumed 1.5 s later;
# alice sends 10, loses 3 in flight, cuts her connection, resumes and sends 5
# more. Bob must get all 18 exactly once, in order; alice must see every one
# acknowledged.
sm_check() { # sm_check SERVER PORT
  local server="$1" port="$2" tag="sm$$-$RANDOM"
  local boblog="$LOGDIR/${server//\//_}_sm_bob.log"
  timeout 60 target/debug/examples/sm_resume receive --port "$port" --jid bob@localhost/sm \
    --password bobpass --tag "$tag" --expect 18 --drop-after 4 >"$boblog" 2>&1 &
  local bob=$!
  for _ in $(seq 1 100); do grep -q '^step: waiting for' "$boblog" 2>/dev/null && break; sleep 0.1; done
  check "$server XEP-0198 alice: cut, 3 stanzas lost in flight, resumed, all acknowledged" \
    target/debug/examples/sm_resume send --port "$port" --jid alice@localhost/sm \
    --password alicepass --to bob@localhost/sm --tag "$tag" --count 10 --lost 3 --after 5
  if wait "$bob"; then
    echo "PASS $server XEP-0198 bob: cut and resumed, got all 18 messages exactly once, in order"
    pass=$((pass + 1))
  else
    echo "FAIL $server XEP-0198 bob (log: $boblog)"; sed 's/^/    /' "$boblog" | tail -20
    fail=$((fail + 1))
  fi
}

run_server() { # run_server NAME C2S COMP MECHS...
  local name="$1" c2s="$2" comp="$3"; shift 3
  echo "== $name: starting"
  # The peers' up-scripts can lose a race on a loaded machine (ejabberd's
  # ctl commands before the node is ready): stop and start again, 3 tries.
  local try up=0
  for try in 1 2 3; do
    if "$PEERS/$name-up.sh" "$c2s" "$comp" >"$LOGDIR/$name-up.log" 2>&1; then up=1; break; fi
    echo "   ($name did not come up on try $try; restarting it)"
    "$PEERS/$name-down.sh" >/dev/null 2>&1 || true
    sleep 2
  done
  if [ "$up" != 1 ]; then
    echo "FAIL $name did not start"; cat "$LOGDIR/$name-up.log"; fail=$((fail + 1)); return
  fi
  for mech in "$@"; do
    message_check "$name" "$c2s" "$mech"
  done
  sm_check "$name" "$c2s"
  check "$name STARTTLS + SCRAM-SHA-1" "$CLIENT" --jid alice@localhost --password alicepass \
    --port "$c2s" --starttls --insecure --mech SCRAM-SHA-1
  check "$name STARTTLS + PLAIN" "$CLIENT" --jid alice@localhost --password alicepass \
    --port "$c2s" --starttls --insecure --mech PLAIN
  check "$name STARTTLS, mechanism chosen by the client" "$CLIENT" --jid alice@localhost \
    --password alicepass --port "$c2s" --starttls --insecure
  if [ "$name" = ejabberd ]; then
    # ejabberd 23.01 (p1_xmpp 1.6.1) implements SCRAM-*-PLUS with tls-unique
    # only, which rustls cannot export; it must refuse tls-exporter binding
    # data cleanly (not-authorized), and the default selection above must
    # not pick -PLUS without an XEP-0440 list naming tls-exporter.
    check "$name SCRAM-SHA-1-PLUS with tls-exporter is refused (server knows only tls-unique)" bash -c \
      "'$CLIENT' --jid alice@localhost --password alicepass --port $c2s --starttls --insecure \
         --mech SCRAM-SHA-1-PLUS | grep -q 'authentication failed: not-authorized'"
  fi
  check "$name wrong password is refused" bash -c \
    "! '$CLIENT' --jid alice@localhost --password wrong --port $c2s --mech SCRAM-SHA-1 | grep -q '^ok'"
  # examples/tokio_client: an echo bot as bob; alice must get her message back.
  local botlog="$LOGDIR/${name}_tokio_bot.log"
  timeout 60 target/debug/examples/tokio_client --jid bob@localhost/bot --password bobpass \
    --port "$c2s" --max-messages 1 >"$botlog" 2>&1 &
  local bot=$!
  for _ in $(seq 1 100); do grep -q '^online as' "$botlog" 2>/dev/null && break; sleep 0.1; done
  check "$name tokio echo bot answers alice" "$CLIENT" --jid alice@localhost --password alicepass \
    --port "$c2s" --to bob@localhost/bot --message "echo me" --expect-from bob@localhost
  if ! wait "$bot"; then
    echo "FAIL $name tokio echo bot did not close cleanly (log: $botlog)"; sed 's/^/    /' "$botlog" | tail -10
    fail=$((fail + 1))
  fi
  check "$name component echo.localhost" "$COMPONENT" --domain echo.localhost --secret echosecret \
    --port "$comp" --server localhost --to bob@localhost
  check "$name component wrong secret is refused" bash -c \
    "! '$COMPONENT' --domain echo.localhost --secret wrong --port $comp | grep -q '^ok'"
  "$PEERS/$name-down.sh" >/dev/null 2>&1 || true
}

# Real clients (slixmpp 1.17, pinned in ../shared/peers/requirements.txt)
# against examples/server.
run_own_server() {
  local port=35222
  echo "== examples/server: starting on 127.0.0.1:$port"
  target/debug/examples/server --port "$port" --user alice:alicepass --user bob:bobpass \
    --allow-plain >"$LOGDIR/own-server.log" 2>&1 &
  local srv=$!
  for _ in $(seq 1 100); do grep -q '^listening' "$LOGDIR/own-server.log" 2>/dev/null && break; sleep 0.1; done
  local boblog="$LOGDIR/own_bob.log"
  timeout 90 "$PEERS/probe.sh" --port "$port" --jid bob@localhost --password bobpass --mech PLAIN \
    --to '' --expect-from alice@localhost --timeout 30 >"$boblog" 2>&1 &
  local bob=$!
  for _ in $(seq 1 600); do grep -q 'waiting for a message' "$boblog" 2>/dev/null && break; sleep 0.1; done
  check "examples/server: slixmpp alice SCRAM-SHA-1 roster, message, ping" \
    "$PEERS/probe.sh" --port "$port" --jid alice@localhost --password alicepass --mech SCRAM-SHA-1 \
    --to bob@localhost
  if wait "$bob"; then
    echo "PASS examples/server: slixmpp bob (PLAIN) received alice's message"; pass=$((pass + 1))
  else
    echo "FAIL examples/server: slixmpp bob (PLAIN) (log: $boblog)"; sed 's/^/    /' "$boblog" | tail -20
    fail=$((fail + 1))
  fi
  # slixmpp's XEP-0198 plugin must get <enabled resume='true'/> from us.
  check "examples/server: slixmpp alice enables XEP-0198 stream management" bash -c \
    "'$PEERS/probe.sh' --port $port --jid alice@localhost --password alicepass --mech SCRAM-SHA-1 \
       --sm --to '' -v 2>&1 | tee /dev/stderr | grep -q 'RECV: <enabled xmlns=\"urn:xmpp:sm:3\".*resume=\"true\"'"
  sm_check "examples/server" "$port"
  kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
  run_own_server_tls
}

# examples/server with STARTTLS required (a throw-away self-signed
# certificate for localhost): our client verifies it and picks
# SCRAM-SHA-512-PLUS with tls-exporter channel binding; slixmpp negotiates
# STARTTLS; a client that will not use TLS is told why.
run_own_server_tls() {
  local port=35223 dir="$LOGDIR/tls"
  mkdir -p "$dir"
  if ! command -v openssl >/dev/null; then
    apt-get install -y -q openssl >"$dir/apt.log" 2>&1 || { apt-get update -q && apt-get install -y -q openssl; } >>"$dir/apt.log" 2>&1
  fi
  if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
      -addext subjectAltName=DNS:localhost -addext basicConstraints=critical,CA:FALSE \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" >"$dir/openssl.log" 2>&1; then
    echo "FAIL examples/server TLS: no certificate (log: $dir/openssl.log)"; fail=$((fail + 1)); return
  fi
  echo "== examples/server with STARTTLS required: starting on 127.0.0.1:$port"
  target/debug/examples/server --port "$port" --user alice:alicepass --user bob:bobpass \
    --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" --require-tls >"$LOGDIR/own-server-tls.log" 2>&1 &
  local srv=$!
  for _ in $(seq 1 100); do grep -q '^listening' "$LOGDIR/own-server-tls.log" 2>/dev/null && break; sleep 0.1; done
  check "examples/server STARTTLS (certificate verified), client picks SCRAM-SHA-512-PLUS (tls-exporter)" bash -c \
    "'$CLIENT' --jid alice@localhost --password alicepass --port $port --starttls --cafile '$dir/cert.pem' \
       | tee /dev/stderr | grep -q '^step: authenticated with SCRAM-SHA-512-PLUS'"
  check "examples/server STARTTLS + PLAIN" "$CLIENT" --jid alice@localhost --password alicepass \
    --port "$port" --starttls --cafile "$dir/cert.pem" --mech PLAIN
  check "examples/server: slixmpp STARTTLS + SCRAM-SHA-1" "$PEERS/probe.sh" --port "$port" \
    --jid alice@localhost --password alicepass --starttls --insecure --mech SCRAM-SHA-1 --to ''
  check "examples/server: slixmpp STARTTLS + PLAIN" "$PEERS/probe.sh" --port "$port" \
    --jid bob@localhost --password bobpass --starttls --insecure --mech PLAIN --to ''
  check "examples/server refuses SASL before TLS; a client without TLS is told why" bash -c \
    "'$CLIENT' --jid alice@localhost --password alicepass --port $port | grep -q 'only after STARTTLS'"
  kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
}

case "$WHICH" in
  prosody|all) run_server prosody 15222 15347 SCRAM-SHA-1 PLAIN ;;&
  ejabberd|all) run_server ejabberd 25222 25347 SCRAM-SHA-1 PLAIN SCRAM-SHA-256 SCRAM-SHA-512 ;;&
  own|all) run_own_server ;;
  prosody|ejabberd) ;;
  *) echo "usage: $0 [prosody|ejabberd|own|all]" >&2; exit 2 ;;
esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
