# Makes the next swift build compile this package's own targets from scratch while keeping the
# dependencies' build products: a kept build folder once left a test module compiled against an
# older protocol (a crash in a witness table), and dependencies are most of a cold build's time.
# Only compiler outputs are removed (objects, modules, dependency records); the build plan's own
# files (output file maps, source lists, derived sources) stay, so swift build still finds them.
#   fresh_own_modules BUILD_FOLDER   (the folder `swift build --show-bin-path` prints)
fresh_own_modules() {
    local bin="$1" root target
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    [ -d "$bin" ] || return 0
    local targets=(runboard runboard_loopdemo runboard_framebench)
    for target in $(ls "$root/Sources" "$root/Tests" | grep -v ':' | grep -v '^$'); do targets+=("$target"); done
    for target in "${targets[@]}"; do
        if [ -d "$bin/$target.build" ]; then
            find "$bin/$target.build" -maxdepth 1 -type f \( -name '*.o' -o -name '*.swiftdeps' -o -name '*.d' \
                -o -name '*.swiftmodule' -o -name '*.swiftdoc' -o -name '*.priors' -o -name '*.swiftconstvalues' \
                -o -name '*.dia' \) -delete
        fi
        rm -f "$bin/Modules/$target".*
    done
}
