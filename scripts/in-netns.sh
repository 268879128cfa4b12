#!/usr/bin/env bash
# Runs a command inside a private network namespace that has a non-loopback address and a default route.
# Why: Chromium never offers loopback ICE candidates, so browser-to-browser WebRTC on a machine without a
# usable interface cannot connect; and browser peers must never run in the machine's main namespace, where
# their candidates and mDNS would leave the machine. Inside, 127.0.0.1 is the namespace's own loopback, so
# servers, Playwright and browsers all run in here together. (docs/architecture.md §9.)
#
#   scripts/in-netns.sh <command> [args…]
#   STARLING_NETNS=off  run the command as is (a laptop with a real network interface)
set -euo pipefail

if [ "${STARLING_NETNS:-}" = inside ] || [ "${STARLING_NETNS:-}" = off ]; then exec "$@"; fi
[ $# -gt 0 ] || { echo "usage: scripts/in-netns.sh <command> [args…]" >&2; exit 2; }

missing() { echo "in-netns: cannot run browser peers in a private network namespace: $1" >&2; exit 3; }
command -v unshare >/dev/null || missing "'unshare' is not installed (Debian package util-linux)."
command -v ip >/dev/null || missing "'ip' is not installed (Debian package iproute2)."

if [ "$(id -u)" = 0 ]; then flags=(-n); else flags=(-r -n); fi
unshare "${flags[@]}" true 2>/dev/null || missing "unshare ${flags[*]} is not permitted here. Run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), or on a machine with a real network interface set STARLING_NETNS=off."

exec unshare "${flags[@]}" bash -c '
  set -e
  ip link set lo up
  ip link add v0 type veth peer name v1
  sysctl -qw net.ipv6.conf.v0.disable_ipv6=1 net.ipv6.conf.v1.disable_ipv6=1 >/dev/null 2>&1 || true
  ip addr add 198.18.0.1/32 dev v0
  ip link set v0 up
  ip link set v1 up
  ip route add default dev v0 src 198.18.0.1
  export STARLING_NETNS=inside
  exec "$@"' in-netns "$@"
