#!/bin/sh
# Writes the Swift file that records the commit a build is made from (run by the BuildInfo plugin).
#   build-info.sh PACKAGE_ROOT OUTPUT
# Outside a git checkout, or without git, the commit is "unknown".
root="$1"
output="$2"
commit="$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null)" || commit=""
case "$commit" in
    *[!0-9a-f]* | "") commit="unknown" ;;
esac
text="// Generated at build time by scripts/lib/build-info.sh; not in the repository.
let buildCommit = \"$commit\"
"
# Rewritten only when it changes, so an unchanged commit recompiles nothing.
if [ "$(cat "$output" 2>/dev/null)
" != "$text" ]; then
    printf '%s' "$text" >"$output.tmp" && mv "$output.tmp" "$output"
fi
