#!/usr/bin/env bash
# Rewrites deploy/generated/ and argo-workflows/base/generated/ from conf/kubernetes.conf and the jobs on the deploy module's
# classpath (GeneratedFilesTest with -Dlakeshore.regenerate=true; a normal test run only compares).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl deploy -am test -Dtest=GeneratedFilesTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dlakeshore.regenerate=true "$@"
git status --short deploy/generated argo-workflows/base/generated
