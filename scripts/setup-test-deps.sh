#!/usr/bin/env bash
# Installs the system packages the test suite uses as real clients, and makes sync-localhost resolve (idempotent;
# needs root or does nothing).
set -euo pipefail
need=()
[ -x /usr/bin/aws ] || need+=(awscli)
python3 -c 'import boto3' 2>/dev/null || /usr/bin/python3 -c 'import boto3' 2>/dev/null || need+=(python3-boto3)
# each function environment's network namespace is firewalled with nftables (FunctionNetwork)
command -v nft >/dev/null || [ -x /usr/sbin/nft ] || need+=(nftables)
command -v ip >/dev/null || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: not root, cannot install ${need[*]}; tests that need them will be skipped" >&2
  fi
fi

# The AWS SDKs and the AWS CLI send StartSyncExecution and TestState to the endpoint's host prefixed with "sync-",
# even with --endpoint-url (botocore's inject_host_prefix cannot be turned off from the CLI v2 command line or its
# config), so `--endpoint-url http://localhost:PORT` reaches http://sync-localhost:PORT. The tests that run those
# operations through the CLI (and the SDK with host prefix injection on) need that name to resolve to this machine.
if ! getent hosts sync-localhost >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && [ -w /etc/hosts ]; then
    echo "setup: adding '127.0.0.1 sync-localhost' to /etc/hosts" >&2
    printf '127.0.0.1 sync-localhost\n' >> /etc/hosts
  else
    echo "setup: sync-localhost does not resolve and this is not root: the sync- host prefix tests will be skipped" >&2
  fi
fi

# the console's browser tests: Debian's chromium and playwright-core (npm) in target/browser-tests
bash "$(dirname "$(readlink -f "$0")")/setup-browser-tests.sh"
