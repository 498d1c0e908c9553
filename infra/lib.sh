# shellcheck shell=bash disable=SC2034
# Settings and helpers shared by scripts/infra.sh and scripts/install-system-deps.sh.
# Source it; do not run it. Every setting can be overridden from the environment.
INFRA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_ROOT/.." && pwd)"

die() { echo "threadline: $*" >&2; exit 1; }
step() { echo "==> $*"; }

# One instance's data, logs, pid files and rendered configs.
STATE_DIR="${THREADLINE_STATE_DIR:-$REPO_ROOT/.local/infra}"
mkdir -p "$STATE_DIR" || die "cannot create THREADLINE_STATE_DIR $STATE_DIR"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
LOGS="$STATE_DIR/logs"
PIDS="$STATE_DIR/pids"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
# The PostgreSQL cluster under FerretDB: next to its port unless set, so an instance given
# other ports for the rest needs no extra setting.
POSTGRES_PORT="${POSTGRES_PORT:-$((MONGO_PORT + 1))}"
POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-threadline}"
IMAP_PORT="${IMAP_PORT:-1143}"
# Postfix (SMTP in from our services) hands every mail to Dovecot over LMTP.
SMTP_PORT="${SMTP_PORT:-1025}"
LMTP_PORT="${LMTP_PORT:-1024}"
IMAP_PASSWORD="${IMAP_PASSWORD:-threadline}"
for _var in KAFKA_PORT KAFKA_CONTROLLER_PORT MONGO_PORT POSTGRES_PORT IMAP_PORT SMTP_PORT LMTP_PORT; do
  [[ "${!_var}" =~ ^[0-9]+$ ]] && [ "${!_var}" -ge 1 ] && [ "${!_var}" -le 65535 ] ||
    die "$_var=${!_var} is not a port number"
done
[ "$(printf '%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$MONGO_PORT" "$POSTGRES_PORT" "$IMAP_PORT" "$SMTP_PORT" "$LMTP_PORT" | sort -u | wc -l)" -eq 7 ] ||
  die "KAFKA_PORT, KAFKA_CONTROLLER_PORT, MONGO_PORT, POSTGRES_PORT, IMAP_PORT, SMTP_PORT and LMTP_PORT must differ"
[[ "$POSTGRES_PASSWORD" =~ ^[A-Za-z0-9._+=-]+$ ]] || die "POSTGRES_PASSWORD may hold only letters, digits and . _ + = -"
[[ "$IMAP_PASSWORD" =~ ^[A-Za-z0-9._+=-]+$ ]] || die "IMAP_PASSWORD may hold only letters, digits and . _ + = -"
unset _var

# Built once and shared by every instance (platform, tests, bench): the Kafka
# classpath (jars stay in ~/.m2) and our FerretDB binary. Not committed.
TOOLS_DIR="${THREADLINE_TOOLS_DIR:-$REPO_ROOT/.local/tools}"
KAFKA_CLASSPATH_FILE="$TOOLS_DIR/kafka-classpath.txt"
FERRETDB_BIN="$TOOLS_DIR/threadline-ferretdb"

# Dovecot's mail processes cannot run as root; they run as this system user.
MAIL_USER="threadline-mail"
# Maildirs live outside the state dir: that may sit under a private (0700) directory,
# such as /root or a CI checkout, which the unprivileged mail user cannot enter.
INSTANCE_HASH="$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-16)"
MAIL_DIR="/var/lib/threadline-mail/$INSTANCE_HASH"
# Postfix's queue and data likewise live outside the state dir: its unprivileged daemons
# (user postfix) must enter them. Its rendered config stays in the state dir.
POSTFIX_QUEUE_DIR="/var/spool/threadline-postfix/$INSTANCE_HASH"
POSTFIX_DATA_DIR="/var/lib/threadline-postfix/$INSTANCE_HASH"
# PostgreSQL's data directory likewise: its server runs as the system user postgres (it refuses
# root). Debian's binaries, the newest installed major version.
POSTGRES_DATA_DIR="/var/lib/threadline-postgres/$INSTANCE_HASH"
POSTGRES_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
