#!/bin/sh
# The image's static files (collected at build, Dockerfile) under QPDP_VAR_DIR/static, where
# the settings look for them, whatever the data volume held before; then the command.
set -eu
static="${QPDP_VAR_DIR}/static"
# A real folder there is an older install's copy: it is regenerated, never data.
if [ -e "$static" ] && [ ! -L "$static" ]; then rm -rf "$static"; fi
ln -sfn /opt/qpdp/static "$static"
exec "$@"
