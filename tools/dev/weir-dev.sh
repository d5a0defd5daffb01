#!/usr/bin/env bash
# The two commands of the README's quick start, and what CI runs.
#
#   bash tools/dev/weir-dev.sh example   install what is missing, build Release into build/,
#                                        run the main example job on the embedded mini cluster
#   bash tools/dev/weir-dev.sh test      install what is missing, build, run the whole suite
#                                        (tests labelled slow are skipped unless
#                                        WEIR_CTEST_ARGS="-L slow" asks for them)
#
# Runs from the repository root as root on Debian 12 (bookworm). Installing is idempotent and
# quick when everything is present. Environment knobs: WEIR_BUILD_DIR (default build),
# WEIR_JOBS (default: number of cores), WEIR_CTEST_ARGS (extra ctest arguments).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build_dir=${WEIR_BUILD_DIR:-build}
jobs=${WEIR_JOBS:-$(nproc 2>/dev/null || echo 2)}

packages=(
  g++ make cmake ccache pkg-config
  libcaf-dev libcapnp-dev capnproto librocksdb-dev libspdlog-dev
  libboost-test-dev libcli11-dev nlohmann-json3-dev libcpp-httplib-dev openssl
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]})); then
    if [ "$(id -u)" != 0 ]; then
      echo "weir-dev: missing Debian packages: ${missing[*]}; run as root or install them" >&2
      exit 1
    fi
    echo "weir-dev: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

configure() {
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
}

case "${1:-}" in
  setup)
    install_missing
    ;;
  example)
    install_missing
    configure
    cmake --build "$build_dir" -j "$jobs" --target average-sensor-readings
    # The book's job on its built-in generator: 10 sensors for 5 s, 1 s event-time windows.
    "$build_dir"/bin/average-sensor-readings --parallelism 2
    ;;
  test)
    install_missing
    configure -DWEIR_BUILD_TESTS=ON
    cmake --build "$build_dir" -j "$jobs"
    cd "$build_dir"
    # shellcheck disable=SC2086
    ctest --output-on-failure -j "$jobs" ${WEIR_CTEST_ARGS:--LE slow}
    ;;
  *)
    echo "usage: bash tools/dev/weir-dev.sh example|test|setup" >&2
    exit 2
    ;;
esac
