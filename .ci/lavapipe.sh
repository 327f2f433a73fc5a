# shellcheck shell=bash
# WebGPU without a GPU, for test/webgpu-backend.test.ts (which skips itself without it): Mesa's
# lavapipe (a Vulkan driver on the CPU) from Debian backports (bookworm's own Mesa 22.3 lacks a
# feature Dawn needs), unpacked under .cache/lavapipe, not installed; its dependencies come
# with the distribution's mesa-vulkan-drivers. Prints the environment that selects it.
lavapipe_env() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -r /etc/os-release ] || return 1
  local codename dir lib
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || return 1
  dir=$PWD/.cache/lavapipe
  lib=$dir/root/usr/lib/x86_64-linux-gnu
  rm -rf "$dir" && mkdir -p "$dir/lists/partial" "$dir/debs" || return 1
  echo "deb http://deb.debian.org/debian $codename-backports main" >"$dir/sources.list"
  local apt=(apt-get -qq -o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$dir/lists")
  local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mesa-vulkan-drivers)
  "${install[@]}" >/dev/null 2>&1 || { apt-get update -qq && "${install[@]}"; } >/dev/null 2>&1 || return 1
  "${apt[@]}" update >/dev/null 2>&1 || return 1
  (cd "$dir/debs" && "${apt[@]}" download mesa-vulkan-drivers libdrm2 libdrm-amdgpu1 >/dev/null 2>&1) || return 1
  for f in "$dir"/debs/*.deb; do dpkg -x "$f" "$dir/root" || return 1; done
  [ -f "$lib/libvulkan_lvp.so" ] || return 1
  sed -i "s#\"library_path\": \"[^\"]*\"#\"library_path\": \"$lib/libvulkan_lvp.so\"#" \
    "$dir/root/usr/share/vulkan/icd.d/lvp_icd.json" || return 1
  echo "VK_ICD_FILENAMES=$dir/root/usr/share/vulkan/icd.d/lvp_icd.json LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}"
}
