#!/usr/bin/env bash
# Installs the system packages the test suite uses as real clients (idempotent; needs root or does nothing).
set -euo pipefail
need=()
[ -x /usr/bin/aws ] || need+=(awscli)
python3 -c 'import boto3' 2>/dev/null || /usr/bin/python3 -c 'import boto3' 2>/dev/null || need+=(python3-boto3)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: not root, cannot install ${need[*]}; tests that need them will be skipped" >&2
  fi
fi
