#!/usr/bin/env bash
# Debian's Chromium, a Chinese font and optipng for the page screenshots (toolchain.md); installed only when missing.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh | grep -q . || ! command -v optipng >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-wqy-zenhei optipng
fi
