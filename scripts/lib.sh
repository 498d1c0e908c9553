# Shared helpers for the project's shell scripts. Source it; do not run it.
# Puts the project's pinned Node (installed by bootstrap.sh) first on PATH.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="24.21.0"
NODE_HOME="$REPO_ROOT/.tools/node"
export PATH="$NODE_HOME/node_modules/node/bin:$REPO_ROOT/node_modules/.bin:$PATH"

die() { echo "threadline: $*" >&2; exit 1; }
step() { echo "==> $*"; }
