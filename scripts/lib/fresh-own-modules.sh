# Removes what the swift build folder holds of this package's own targets (their objects and
# modules), keeping the dependencies' build products. A kept build folder then recompiles our
# targets from scratch: incremental builds have been seen to keep a dependent module compiled
# against an older protocol (a crash in a witness table), and dependencies are most of the time.
#   fresh_own_modules BUILD_FOLDER   (the folder swift build --show-bin-path prints)
fresh_own_modules() {
    local bin="$1" root target
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    [ -d "$bin" ] || return 0
    local targets=(runboard runboard-loopdemo runboard-framebench runboard_loopdemo runboard_framebench)
    for target in $(ls "$root/Sources" "$root/Tests" | grep -v ':' | grep -v '^$'); do targets+=("$target"); done
    for target in "${targets[@]}"; do
        rm -rf "$bin/$target.build" "$bin/Modules/$target.swiftmodule" "$bin/Modules/$target.swiftdoc" \
            "$bin/Modules/$target.swiftsourceinfo" "$bin/Modules/$target.abi.json" "$bin/Modules/$target.o"
    done
}
