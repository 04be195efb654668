#!/usr/bin/env bash
# `npm test` runs this first (pretest): the browser tier needs Chromium, and Dawn in Node needs the Vulkan loader and
# Chromium's SwiftShader driver when there is no GPU. Installs what is missing where it can (root on Debian/Ubuntu),
# otherwise stops at once with the one command to run.
set -euo pipefail

PATH=$PATH:/usr/sbin:/sbin # ldconfig, for a user whose PATH lacks it
chromium=${XENT_CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$chromium" ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' || missing+=(libvulkan1)
((${#missing[@]})) || exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "xent: installing ${missing[*]} for the GPU and browser tests" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "xent: npm test needs ${missing[*]}: run  sudo apt-get install -y ${missing[*]}  (or set XENT_CHROMIUM to a Chromium binary)" >&2
exit 1
