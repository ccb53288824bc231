#!/usr/bin/env bash
# Checks the worker playbook without running it: Ansible's syntax check, then ansible-lint.
# Both come from Debian (apt-get install -y ansible ansible-lint); .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")"
export ANSIBLE_LOCAL_TEMP="${TMPDIR:-/tmp}/parley-ansible-tmp"
export ANSIBLE_HOME="${TMPDIR:-/tmp}/parley-ansible-home"
ansible-playbook --syntax-check -i localhost, playbook.yml
ansible-lint --offline playbook.yml
