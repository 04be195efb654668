#!/usr/bin/env bash
# The Node (Dawn) benchmark on a lent GPU machine that has neither this repository's node_modules nor Node.
#   bash bench/device.sh prepare        here: fills .device/ (git-ignored) with the bundled bench, Dawn and Node
#   bash bench/device.sh run OUTDIR     there, with .device carried: writes OUTDIR/RESULTS.md and OUTDIR/log.txt
# Extra arguments after OUTDIR go to bench/run.ts (default: --node-only --gpu-only --large --check, then --batched).
set -euo pipefail
cd "$(dirname "$0")/.."

prepare() {
  rm -rf .device && mkdir -p .device/node_modules/webgpu/dist/linux-x64
  npx vite build -c bench/vite.node.config.ts --outDir .device/bench --logLevel warn
  cp node_modules/webgpu/index.js node_modules/webgpu/package.json .device/node_modules/webgpu/
  xz -T0 -c node_modules/webgpu/dist/linux-x64/dawn.node >.device/dawn.node.xz
  xz -T0 -c "$(readlink -f "$(command -v node)")" >.device/node.xz
  # Dawn loads the Vulkan loader (libvulkan.so.1) at run time, and NVIDIA's Vulkan driver (libGLX_nvidia) needs
  # GLVND and X11 client libraries; the GPU machine's image may have none of them.
  (cd .device && apt-get download libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2 \
    libx11-6 libx11-data libxext6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0 2>/dev/null)
  du -sh .device
}

run() {
  local out=$1
  shift
  mkdir -p "$out"
  xz -dc .device/dawn.node.xz >.device/node_modules/webgpu/dist/linux-x64/dawn.node
  local node
  node=$(command -v node || true)
  if [ -z "$node" ]; then
    xz -dc .device/node.xz >.device/node && chmod +x .device/node
    node=.device/node
  fi
  # The loader and GLVND go into / (as the GPU machine's notes prescribe; ldconfig makes them visible to the driver's
  # own dlopen calls); the X11 client libraries only beside the bundle, through LD_LIBRARY_PATH after the system's.
  for deb in .device/libvulkan1_*.deb .device/libglvnd0_*.deb .device/libglx0_*.deb .device/libegl1_*.deb \
    .device/libgl1_*.deb .device/libopengl0_*.deb .device/libgles2_*.deb; do dpkg -x "$deb" /; done
  ldconfig
  for deb in .device/libx*.deb .device/libbsd0_*.deb .device/libmd0_*.deb; do dpkg -x "$deb" .device/sysroot; done
  export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}:$PWD/.device/sysroot/usr/lib/x86_64-linux-gnu
  local nvidia=/usr/local/nvidia/share
  if [ -f $nvidia/vulkan/icd.d/nvidia_icd.json ]; then
    export VK_DRIVER_FILES=$nvidia/vulkan/icd.d/nvidia_icd.json
    export __EGL_VENDOR_LIBRARY_FILENAMES=$nvidia/glvnd/egl_vendor.d/10_nvidia.json
  fi
  export VK_LOADER_DEBUG=error,warn
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv | tee "$out/gpu.txt" || true
  local args=("$@")
  if [ ${#args[@]} -eq 0 ]; then args=(--node-only --gpu-only --large --check); fi
  "$node" .device/bench/run.js "${args[@]}" --results "$out/RESULTS.md" 2>&1 | tee "$out/log.txt"
  # Issue 15's batched workloads (50 models per pass against 50 one after another), unless other options were given.
  if [ $# -eq 0 ]; then
    "$node" .device/bench/run.js --batched --results "$out/RESULTS-batched.md" 2>&1 | tee -a "$out/log.txt"
  fi
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift && run "$@" ;;
  *) echo "usage: bash bench/device.sh prepare | run OUTDIR [bench/run.ts options]" >&2 && exit 2 ;;
esac
