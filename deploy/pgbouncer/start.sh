#!/bin/sh
# Writes PgBouncer's user list from DB_USER and DB_PASSWORD, so the password is set in one place
# (compose's environment) and never baked into the image, then runs PgBouncer in the foreground.
set -eu
umask 077
printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > /tmp/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
