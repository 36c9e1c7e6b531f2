#!/usr/bin/env bash
# Gradescope runs this once, as root on its Ubuntu image, while it builds the autograder's image.
# It installs backprop-spec from the wheel bundled beside this file, with the dependency versions
# pinned in requirements.txt, into a virtual environment that run_autograder uses.
# Written by `backprop-spec gradescope`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
VENV="$ROOT/venv"
PINNED_PYTHON="@@{python}"

if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
  echo "setup.sh: installing Python and its venv module with apt-get (this image lacks them)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi

IMAGE_PYTHON="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$IMAGE_PYTHON" != "$PINNED_PYTHON" ]; then
  echo "setup.sh: warning: requirements.txt pins the versions installed on Python $PINNED_PYTHON;" \
       "this image has Python $IMAGE_PYTHON, for which some of them may not exist." >&2
fi

if ! "$VENV/bin/python" -m pip install --no-cache-dir --disable-pip-version-check \
     -r "$HERE/requirements.txt" "$HERE"/backprop_spec-*.whl; then
  echo "setup.sh: error: pip could not install backprop-spec with the pinned versions on Python $IMAGE_PYTHON." >&2
  echo "  Write the autograder again with 'backprop-spec gradescope' run from a Python $IMAGE_PYTHON" \
       "environment, or choose a Gradescope base image whose Python is $PINNED_PYTHON." >&2
  exit 1
fi
"$VENV/bin/backprop-spec" --version
