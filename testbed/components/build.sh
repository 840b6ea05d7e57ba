#!/usr/bin/env bash
# Builds the test bed's Go components from the Go module proxy at the versions pinned in
# versions.env, into a cache outside the repository (default ~/.cache/dock2pod-testbed),
# one folder per component and version. A component whose folder is complete is reused.
# Prints one progress line per component and step, with the elapsed time, and a
# heartbeat while a long compile runs.
#   usage: build.sh [component ...]   (etcd kubernetes buildkit buildx pause; default: all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
cache="${DOCK2POD_CACHE:-$HOME/.cache/dock2pod-testbed}"
mkdir -p "$cache"
# One build at a time per cache (a test run and `npm run testbed` may both ask).
exec 9>"$cache/.build.lock"
if ! flock -n 9; then
  echo "[testbed build] another build is running in $cache; waiting for it" >&2
  flock 9
fi
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
start_all=$(date +%s)

say() { printf '[testbed build] %-10s %-28s %s\n' "$1" "$2" "$(elapsed "$3")"; }
elapsed() { local s=$(($(date +%s) - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Runs "$@" (a go build) with a heartbeat line every 30 s naming the component.
with_heartbeat() {
  local name="$1" started="$2"; shift 2
  local log; log="$(mktemp "$cache/.build-$name.XXXXXX.log")"
  "$@" >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && say "$name" "compiling ($(grep -c . "$log" || true) packages)" "$started"
  done
  if ! wait "$pid"; then
    echo "[testbed build] $name failed; last lines of the go output:" >&2
    tail -40 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# A wrapper module in a temp folder: the modules named below have go.mod files with
# replace/exclude blocks that stop a plain `go install`.
new_wrapper() {
  local dir; dir="$(mktemp -d "$cache/.wrapper-$1.XXXXXX")"
  (cd "$dir" && go mod init "dock2pod.local/testbed-$1" >/dev/null 2>&1)
  echo "$dir"
}

build_etcd() {
  local out="$cache/etcd-$ETCD_VERSION" t=$(date +%s)
  [ -x "$out/etcd" ] && { say etcd "cached $ETCD_VERSION" "$t"; return; }
  say etcd "building $ETCD_VERSION" "$t"
  local w; w="$(new_wrapper etcd)"
  (cd "$w" && go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
    && go mod download go.etcd.io/etcd/server/v3 >/dev/null)
  mkdir -p "$out.tmp"
  (cd "$w" && with_heartbeat etcd "$t" env CGO_ENABLED=0 go build -v -trimpath -ldflags="-s -w" -o "$out.tmp/etcd" go.etcd.io/etcd/server/v3)
  rm -rf "$w" "$out"; mv "$out.tmp" "$out"
  say etcd "done" "$t"
}

build_kubernetes() {
  local v="$KUBERNETES_VERSION" out="$cache/kubernetes-$KUBERNETES_VERSION" t=$(date +%s)
  local bins=(kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl)
  local missing=0 b
  for b in "${bins[@]}"; do [ -x "$out/$b" ] || missing=1; done
  [ "$missing" = 0 ] && { say kubernetes "cached $v" "$t"; return; }
  say kubernetes "downloading $v" "$t"
  local w; w="$(new_wrapper kubernetes)"
  local gomod
  gomod="$(cd "$w" && go mod download -json "k8s.io/kubernetes@$v" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  local staging_version="v0${v#v1}"
  local args=(-require="k8s.io/kubernetes@$v")
  local m
  for m in $(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$gomod"); do
    args+=(-replace="$m=$m@$staging_version")
  done
  (cd "$w" && go mod edit "${args[@]}")
  local major="${v#v}"; major="${major%%.*}"
  local minor="${v#v*.}"; minor="${minor%%.*}"
  local ld="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$v -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  mkdir -p "$out.tmp"
  local pkgs=()
  for b in "${bins[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  say kubernetes "compiling ${bins[*]}" "$t"
  (cd "$w" && with_heartbeat kubernetes "$t" env CGO_ENABLED=1 go build -v -trimpath -ldflags="$ld" -o "$out.tmp/" "${pkgs[@]}")
  # The pause container's source ships in the module download.
  local dir; dir="$(cd "$w" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)"
  cp "$dir/build/pause/linux/pause.c" "$out.tmp/pause.c"
  gcc -Os -static -o "$out.tmp/pause" "$out.tmp/pause.c" -DVERSION="$v"
  rm -rf "$w" "$out"; mv "$out.tmp" "$out"
  say kubernetes "done" "$t"
}

build_buildkit() {
  local out="$cache/buildkit-$BUILDKIT_VERSION" t=$(date +%s)
  [ -x "$out/buildkitd" ] && { say buildkit "cached $BUILDKIT_VERSION" "$t"; return; }
  say buildkit "building $BUILDKIT_VERSION" "$t"
  local w; w="$(new_wrapper buildkit)"
  (cd "$w" && go mod edit -require="github.com/moby/buildkit@$BUILDKIT_VERSION")
  mkdir -p "$out.tmp"
  (cd "$w" && with_heartbeat buildkit "$t" env CGO_ENABLED=0 go build -v -trimpath \
    -tags "osusergo netgo static_build seccomp" \
    -ldflags="-s -w -X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION" \
    -o "$out.tmp/" github.com/moby/buildkit/cmd/buildkitd github.com/moby/buildkit/cmd/buildctl)
  rm -rf "$w" "$out"; mv "$out.tmp" "$out"
  say buildkit "done" "$t"
}

build_buildx() {
  local out="$cache/buildx-$BUILDX_VERSION" t=$(date +%s)
  [ -x "$out/docker-buildx" ] && { say buildx "cached $BUILDX_VERSION" "$t"; return; }
  say buildx "building $BUILDX_VERSION" "$t"
  mkdir -p "$out.tmp"
  with_heartbeat buildx "$t" env CGO_ENABLED=0 GOBIN="$out.tmp" GOFLAGS=-buildvcs=false go install -v -trimpath \
    -ldflags="-s -w -X github.com/docker/buildx/version.Version=$BUILDX_VERSION" \
    "github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION"
  mv "$out.tmp/buildx" "$out.tmp/docker-buildx"
  rm -rf "$out"; mv "$out.tmp" "$out"
  say buildx "done" "$t"
}

components=("$@")
[ ${#components[@]} -eq 0 ] && components=(etcd kubernetes buildkit buildx)
for c in "${components[@]}"; do
  case "$c" in
    etcd) build_etcd ;;
    kubernetes) build_kubernetes ;;
    buildkit) build_buildkit ;;
    buildx) build_buildx ;;
    *) echo "build.sh: unknown component '$c'" >&2; exit 2 ;;
  esac
done
say all "ready in $cache" "$start_all"
