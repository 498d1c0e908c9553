# Ports, paths and names of the local infrastructure. Sourced by the scripts;
# every value can be overridden from the environment.
STATE_DIR="${THREADLINE_STATE_DIR:-$REPO_ROOT/.local/infra}"
mkdir -p "$STATE_DIR"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
IMAP_PORT="${IMAP_PORT:-1143}"
IMAP_PASSWORD="${IMAP_PASSWORD:-threadline}"
MAIL_USER="threadline-mail"
# Maildirs live outside the state dir: that may sit under a private (0700) directory,
# such as a CI checkout, which the unprivileged mail user could not enter.
MAIL_DIR="/var/lib/threadline-mail/$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-16)"
# Shared between instances (only the data differs): jars and the built binary.
TOOLS_DIR="$REPO_ROOT/.local/tools"
mkdir -p "$TOOLS_DIR"
KAFKA_CLASSPATH_FILE="$TOOLS_DIR/kafka-classpath.txt"
FERRETDB_BIN="$TOOLS_DIR/threadline-ferretdb"
