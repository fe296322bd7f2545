# shellcheck shell=bash
# databases.sh: private PostgreSQL and MariaDB servers for entstack's tests.
#
# Source it, then call:
#
#   db_start_postgres   # exports ENTSTACK_TEST_POSTGRES=postgres://entstack:entstack@127.0.0.1:55432/entstack?sslmode=disable
#   db_start_mariadb    # exports ENTSTACK_TEST_MYSQL=mysql://entstack:entstack@127.0.0.1:53306/entstack
#   db_stop_on_exit     # optional: run db_stop_all when the sourcing shell exits
#   db_stop_all         # stops both servers and deletes their data
#   db_halt_postgres    # stops PostgreSQL, keeping its data (db_start_postgres resumes it)
#   db_free_port 55432  # prints 55432, or the first port above it that nothing listens on
#
# Each start installs the Debian package when it is missing, runs its own
# server (never the system's service) on a loopback port with its data under
# $ENTSTACK_DB_ROOT, waits until it answers, creates the user and database, and
# exports the DSN. Calling a start again while the server runs only re-exports
# the DSN, so a developer can source this in several shells. The user may
# create databases: integration/testdb makes a fresh one per test.
#
# Settings (environment): ENTSTACK_DB_ROOT (default /tmp/entstack-db),
# ENTSTACK_PG_PORT (55432), ENTSTACK_MYSQL_PORT (53306). When a port is taken
# (another server, another checkout's servers), pick free ones before
# starting, and a root of their own so the two sets never share data:
#
#   source .ci/databases.sh
#   ENTSTACK_DB_ROOT=/tmp/entstack-db-2
#   ENTSTACK_PG_PORT=$(db_free_port 55432) ENTSTACK_MYSQL_PORT=$(db_free_port 53306)
#   db_start_postgres && db_start_mariadb
#
# .ci/run does this by itself.
#
# In .ci/run (set -euo pipefail is fine):
#
#   source .ci/databases.sh
#   db_stop_on_exit                     # first, so a half-started server is stopped too
#   db_start_postgres
#   db_start_mariadb
#   export ENTSTACK_TEST_REQUIRE_DBS=1  # testdb fails instead of skipping a server
#   go test ./...

ENTSTACK_DB_ROOT=${ENTSTACK_DB_ROOT:-/tmp/entstack-db}
ENTSTACK_PG_PORT=${ENTSTACK_PG_PORT:-55432}
ENTSTACK_MYSQL_PORT=${ENTSTACK_MYSQL_PORT:-53306}

_db_log() { printf 'databases.sh: %s\n' "$*" >&2; }

# db_free_port PORT prints PORT, or the first port above it on which nothing
# accepts connections on 127.0.0.1 (a refused connection means free).
db_free_port() {
	local p=$1
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
		p=$((p + 1))
	done
	printf '%s\n' "$p"
}

# _db_port_hint explains a server that did not start on a port in use.
_db_port_hint() {
	if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
		_db_log "port $2 is taken by another server: choose a free one, e.g. $1=\$(db_free_port $2), with its own ENTSTACK_DB_ROOT"
	fi
}

# _db_now prints seconds since the epoch with milliseconds, for timings.
_db_now() { date +%s.%3N; }
_db_since() { awk -v a="$1" -v b="$(_db_now)" 'BEGIN { printf "%.1fs", b - a }'; }

# _db_apt_install installs Debian packages, running apt-get update once per
# shell. A temporary policy-rc.d keeps the packages' own services from
# starting: the tests use private servers and the system ones would only
# compete for memory and ports.
_DB_APT_UPDATED=${_DB_APT_UPDATED:-}
_db_apt_install() {
	if [ "$(id -u)" -ne 0 ]; then
		_db_log "need root to install $* (or install them yourself)"
		return 1
	fi
	local t0 policy=/usr/sbin/policy-rc.d made_policy=
	t0=$(_db_now)
	if [ -z "$_DB_APT_UPDATED" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
		_DB_APT_UPDATED=1
	fi
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
	fi
	local rc=0 log
	log=$(mktemp)
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
		</dev/null >"$log" 2>&1 || rc=$?
	[ -n "$made_policy" ] && rm -f "$policy"
	if [ "$rc" -ne 0 ]; then
		_db_log "apt-get install $* failed ($rc):"
		tail -n 30 "$log" >&2
	fi
	rm -f "$log"
	[ "$rc" -eq 0 ] || return "$rc"
	_db_log "installed $* in $(_db_since "$t0")"
}

# _db_as USER CMD... runs CMD as USER when we are root (the servers refuse
# to run as root), as ourselves otherwise.
_db_as() {
	local user=$1
	shift
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$user" -- "$@"
	else
		"$@"
	fi
}

# _db_owned_dir DIR USER makes DIR (mode 700) owned by USER when root.
_db_owned_dir() {
	mkdir -p "$1" && chmod 700 "$1" || return 1
	if [ "$(id -u)" -eq 0 ]; then chown "$2": "$1" || return 1; fi
}

# --- PostgreSQL ------------------------------------------------------------

_db_pg_bin() {
	local d
	d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	[ -n "$d" ] && [ -x "$d/initdb" ] && printf '%s\n' "$d"
}

# _db_pg_sql SQL runs SQL as the superuser over the private Unix socket.
_db_pg_sql() {
	"$(_db_pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$ENTSTACK_DB_ROOT/pg-run" \
		-p "$ENTSTACK_PG_PORT" -U postgres -d postgres -tAc "$1"
}

db_start_postgres() {
	local t0 bin data="$ENTSTACK_DB_ROOT/pg" run="$ENTSTACK_DB_ROOT/pg-run"
	t0=$(_db_now)
	if [ -z "$(_db_pg_bin)" ]; then
		_db_apt_install postgresql || return 1
	fi
	bin=$(_db_pg_bin) || { _db_log "no PostgreSQL under /usr/lib/postgresql"; return 1; }
	local owner=postgres
	[ "$(id -u)" -eq 0 ] || owner=$(id -un)
	mkdir -p "$ENTSTACK_DB_ROOT" || return 1
	_db_owned_dir "$run" "$owner" || return 1

	if [ ! -s "$data/PG_VERSION" ]; then
		_db_owned_dir "$data" "$owner" || return 1
		# Local (socket) connections are trusted so this script can administer
		# the server; TCP needs the password, as the tests' DSN does.
		# --no-sync: the data is thrown away, no need to wait for the disk.
		_db_as "$owner" "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
			--auth-local=trust --auth-host=scram-sha-256 >"$ENTSTACK_DB_ROOT/pg-initdb.log" 2>&1 ||
			{ _db_log "initdb failed:"; cat "$ENTSTACK_DB_ROOT/pg-initdb.log" >&2; return 1; }
	fi
	if ! _db_as "$owner" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		# Durability is off: the data is thrown away after the tests, and
		# fsync would dominate the run time of schema creation.
		_db_as "$owner" "$bin/pg_ctl" -D "$data" -l "$run/postgres.log" -w -t 60 \
			-o "-p $ENTSTACK_PG_PORT -c listen_addresses=127.0.0.1 -k $run -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >/dev/null ||
			{ _db_log "PostgreSQL did not start:"; tail -n 20 "$run/postgres.log" >&2; _db_port_hint ENTSTACK_PG_PORT "$ENTSTACK_PG_PORT"; return 1; }
	fi
	_db_pg_sql "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'entstack') THEN
			CREATE ROLE entstack LOGIN CREATEDB PASSWORD 'entstack';
		END IF; END \$\$;" || return 1
	if [ -z "$(_db_pg_sql "SELECT 1 FROM pg_database WHERE datname = 'entstack'")" ]; then
		_db_pg_sql "CREATE DATABASE entstack OWNER entstack" || return 1
	fi
	export ENTSTACK_TEST_POSTGRES="postgres://entstack:entstack@127.0.0.1:$ENTSTACK_PG_PORT/entstack?sslmode=disable"
	_db_log "PostgreSQL $("$bin/postgres" -V | awk '{print $3}') ready on 127.0.0.1:$ENTSTACK_PG_PORT in $(_db_since "$t0")"
}

# db_halt_postgres stops PostgreSQL and keeps its data: db_start_postgres
# starts it again (outage drills).
db_halt_postgres() {
	local bin data="$ENTSTACK_DB_ROOT/pg" owner=postgres
	[ "$(id -u)" -eq 0 ] || owner=$(id -un)
	bin=$(_db_pg_bin) || return 1
	_db_as "$owner" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
}

db_stop_postgres() {
	local bin data="$ENTSTACK_DB_ROOT/pg" owner=postgres
	[ "$(id -u)" -eq 0 ] || owner=$(id -un)
	if bin=$(_db_pg_bin) && [ -s "$data/PG_VERSION" ]; then
		_db_as "$owner" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$data" "$ENTSTACK_DB_ROOT/pg-run" "$ENTSTACK_DB_ROOT"/pg-initdb.log
	unset ENTSTACK_TEST_POSTGRES
}

# --- MariaDB ---------------------------------------------------------------

_db_my_sock() { printf '%s\n' "$ENTSTACK_DB_ROOT/mariadb-run/mysqld.sock"; }

# _db_my_admin is the server account of whoever runs this script:
# mariadb-install-db gives root and the --user account unix_socket
# authentication, so no password is set or needed on the socket.
_db_my_admin() { if [ "$(id -u)" -eq 0 ]; then echo root; else id -un; fi; }

# _db_my_sql SQL runs SQL as the admin over the private Unix socket.
_db_my_sql() {
	mariadb --no-defaults -u"$(_db_my_admin)" --socket="$(_db_my_sock)" -N -B -e "$1"
}

_db_my_alive() {
	mariadb-admin --no-defaults -u"$(_db_my_admin)" --socket="$(_db_my_sock)" \
		--connect-timeout=2 ping >/dev/null 2>&1
}

db_start_mariadb() {
	local t0 data="$ENTSTACK_DB_ROOT/mariadb" run="$ENTSTACK_DB_ROOT/mariadb-run"
	t0=$(_db_now)
	if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
		_db_apt_install mariadb-server || return 1
	fi
	local mariadbd owner=mysql
	mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
	[ "$(id -u)" -eq 0 ] || owner=$(id -un)
	mkdir -p "$ENTSTACK_DB_ROOT" || return 1
	_db_owned_dir "$run" "$owner" || return 1

	if ! _db_my_alive; then
		if [ ! -d "$data/mysql" ]; then
			_db_owned_dir "$data" "$owner" || return 1
			mariadb-install-db --no-defaults --datadir="$data" --user="$owner" \
				--auth-root-authentication-method=socket --skip-test-db \
				>"$ENTSTACK_DB_ROOT/mariadb-install.log" 2>&1 ||
				{ _db_log "mariadb-install-db failed:"; cat "$ENTSTACK_DB_ROOT/mariadb-install.log" >&2; return 1; }
		fi
		# utf8mb4 with the collation Debian's own configuration uses, so that
		# databases behave as on a default install; durability settings off
		# as for PostgreSQL.
		setsid "$mariadbd" --no-defaults --user="$owner" --datadir="$data" \
			--socket="$(_db_my_sock)" --pid-file="$run/mysqld.pid" \
			--port="$ENTSTACK_MYSQL_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
			--character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
			--skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
			--innodb-buffer-pool-size=128M --log-error="$run/mariadb.log" \
			</dev/null >/dev/null 2>&1 &
		local i
		for i in $(seq 1 300); do
			_db_my_alive && break
			if [ "$i" -eq 300 ]; then
				_db_log "MariaDB did not start in 30s:"
				tail -n 20 "$run/mariadb.log" >&2
				_db_port_hint ENTSTACK_MYSQL_PORT "$ENTSTACK_MYSQL_PORT"
				return 1
			fi
			sleep 0.1
		done
	fi
	_db_my_sql "CREATE USER IF NOT EXISTS 'entstack'@'%' IDENTIFIED BY 'entstack';
		GRANT ALL PRIVILEGES ON *.* TO 'entstack'@'%';
		CREATE DATABASE IF NOT EXISTS entstack;" || return 1
	export ENTSTACK_TEST_MYSQL="mysql://entstack:entstack@127.0.0.1:$ENTSTACK_MYSQL_PORT/entstack"
	_db_log "MariaDB $(_db_my_sql 'SELECT VERSION()') ready on 127.0.0.1:$ENTSTACK_MYSQL_PORT in $(_db_since "$t0")"
}

db_stop_mariadb() {
	local pid pidfile="$ENTSTACK_DB_ROOT/mariadb-run/mysqld.pid" i
	if [ -s "$pidfile" ]; then
		pid=$(cat "$pidfile")
		kill "$pid" 2>/dev/null || true
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -rf "$ENTSTACK_DB_ROOT/mariadb" "$ENTSTACK_DB_ROOT/mariadb-run" "$ENTSTACK_DB_ROOT"/mariadb*.log
	unset ENTSTACK_TEST_MYSQL
}

# --- both ------------------------------------------------------------------

db_stop_all() {
	db_stop_postgres
	db_stop_mariadb
	rmdir "$ENTSTACK_DB_ROOT" 2>/dev/null || true
}

# db_stop_on_exit runs db_stop_all when the shell exits, before whatever
# EXIT trap was already set (which still runs).
db_stop_on_exit() {
	local prev
	prev=$(trap -p EXIT)
	if [ -n "$prev" ]; then
		eval "set -- $prev" # trap -- 'CMD' EXIT
		# shellcheck disable=SC2064 # the previous command is fixed now, on purpose
		trap "db_stop_all; $3" EXIT
	else
		trap db_stop_all EXIT
	fi
}
