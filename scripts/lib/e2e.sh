# End-to-end harness: runs programs in a real terminal (tmux), types keys, reads the screen.
# Source it; it defines functions and variables only. Every session lives on a private tmux
# server whose socket is in E2E_WORK, so e2e_cleanup stops exactly what the tests started.
#
#   e2e_start NAME COMMAND     a shell in an 80x24 window, then COMMAND typed into it (the
#                              shell prints exit=STATUS when it ends)
#   e2e_keys NAME KEY...       tmux send-keys (Enter, BTab, F5, NPage, M-x, C-a ...)
#   e2e_literal NAME TEXT      TEXT sent as typed bytes (escape sequences, mouse reports)
#   e2e_wait NAME TEXT [SECS]  waits until the screen shows TEXT
#   e2e_wait_line NAME TEXT [SECS]  waits until a whole line of the screen is TEXT
#   e2e_wait_row NAME ROW TEXT [SECS]  waits until row ROW (1-based) contains TEXT
#   e2e_absent_eventually NAME TEXT [SECS]  waits until the screen no longer shows TEXT
#   e2e_selected NAME          the highlighted rows (a pane's row drawn on a background colour or
#                              in reverse video), one "ROW<tab>TEXT" line each, pane by pane
#   e2e_wait_selected NAME TEXT [SECS]  waits until a highlighted row contains TEXT
#   e2e_app_pid NAME           the pid of the program started in NAME's shell
#   e2e_flag NAME FORMAT       a tmux format of the pane (#{alternate_on}, #{mouse_any_flag} ...)
#   e2e_assert_status NAME N   the program exited with status N
#   e2e_assert_restored NAME   the terminal is as it was before COMMAND: main screen, cursor
#                              shown, no mouse reporting, keypad off, same stty settings, prompt back
#   e2e_run TEST_FUNCTION      runs one test, counts it as passed or failed
#   e2e_summary                prints the counts; returns 1 if any test failed

E2E_WORK="${E2E_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/runboard-e2e.XXXXXX")}"
E2E_SOCKET="$E2E_WORK/tmux.sock"
E2E_PROMPT='e2e$ '
E2E_PASSED=0
E2E_FAILED=()
E2E_CURRENT=""

e2e_tmux() { TMUX= tmux -S "$E2E_SOCKET" "$@"; }

e2e_fail() {
    printf '  FAIL %s: %s\n' "$E2E_CURRENT" "$*" >&2
    return 1
}

# Prints the screen of NAME, for failure messages.
e2e_screen() {
    e2e_tmux capture-pane -p -t "$1" 2>/dev/null
}

e2e_start() {
    local name="$1"; shift
    # An idle session keeps the private server up between tests: otherwise the server exits with
    # the last test's session and the next test's client can race its shutdown.
    e2e_tmux has-session -t keeper 2>/dev/null || e2e_tmux new-session -d -s keeper -x 80 -y 24 "sleep 100000" || return 1
    # The shell gets a UTF-8 locale of its own whatever the caller's is (CI may have none):
    # tests that want another one set LANG/LC_ALL in COMMAND.
    e2e_tmux new-session -d -s "$name" -x 80 -y 24 \
        "env -u TMUX -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 TERM=tmux-256color PS1='$E2E_PROMPT' HISTFILE=/dev/null bash --norc --noprofile" || return 1
    e2e_tmux set-option -t "$name" status off >/dev/null
    e2e_wait "$name" "${E2E_PROMPT% }" 5 || return 1
    # The terminal settings before the program, to compare with after it.
    e2e_tmux send-keys -t "$name" "stty -g > '$E2E_WORK/$name.stty.before'; clear" Enter
    sleep 0.2
    e2e_tmux send-keys -t "$name" "$*; echo \"exit=\$?\"" Enter
}

e2e_keys() {
    local name="$1"; shift
    e2e_tmux send-keys -t "$name" "$@"
}

e2e_literal() {
    e2e_tmux send-keys -t "$1" -l "$2"
}

e2e_wait() {
    e2e_wait_grep -F "$@"
}

# Waits until a whole line of the screen is TEXT (trailing spaces are not captured).
e2e_wait_line() {
    e2e_wait_grep -xF "$@"
}

e2e_wait_grep() {
    local mode="$1" name="$2" text="$3" seconds="${4:-10}"
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -le $deadline ]; do
        e2e_screen "$name" | grep -q "$mode" -- "$text" && return 0
        sleep 0.1
    done
    e2e_fail "timed out after ${seconds}s waiting for '$text'; screen:"
    e2e_screen "$name" | sed 's/^/    | /' >&2
    return 1
}

# Waits until row ROW (1-based) of the screen contains TEXT.
e2e_wait_row() {
    local name="$1" row="$2" text="$3" seconds="${4:-10}"
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -le $deadline ]; do
        e2e_screen "$name" | sed -n "${row}p" | grep -qF -- "$text" && return 0
        sleep 0.1
    done
    e2e_fail "timed out after ${seconds}s waiting for '$text' on row $row; screen:"
    e2e_screen "$name" | sed 's/^/    | /' >&2
    return 1
}

# Waits until the screen no longer shows TEXT.
e2e_absent_eventually() {
    local name="$1" text="$2" seconds="${3:-5}"
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -le $deadline ]; do
        e2e_screen "$name" | grep -qF -- "$text" || return 0
        sleep 0.1
    done
    e2e_fail "the screen still shows '$text'"
    return 1
}

# The highlighted rows of NAME: for each stretch of a row between two pane borders (│ or |) whose
# first character is drawn on a background colour or in reverse video, "ROW<tab>TEXT" with TEXT
# trimmed. Reads the screen's styles (capture-pane -e), so it sees the cursor rows of every pane.
e2e_selected() {
    e2e_tmux capture-pane -e -p -t "$1" 2>/dev/null | PYTHONIOENCODING=utf-8 python3 -c '
import re, sys
token = re.compile(r"\x1b\[([0-9;:]*)m|(.)", re.S)
for row, line in enumerate(sys.stdin.buffer.read().decode("utf-8", "replace").split("\n"), 1):
    bg = reverse = False
    segments, text, first = [], None, None
    for match in token.finditer(line):
        params, char = match.groups()
        if char is None:
            codes = [int(c) if c.isdigit() else 0 for c in re.split("[;:]", params)]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0: bg = reverse = False
                elif c == 7: reverse = True
                elif c == 27: reverse = False
                elif c == 49: bg = False
                elif 40 <= c <= 47 or 100 <= c <= 107: bg = True
                elif c in (38, 48):
                    if c == 48: bg = True
                    i += 2 if i + 1 < len(codes) and codes[i + 1] == 5 else 4
                i += 1
        elif char in "│|":
            if text is not None: segments.append((first, text))
            text, first = "", None
        elif text is not None:
            if first is None: first = bg or reverse
            text += char
    for highlighted, text in segments:
        if highlighted and text.strip(): print(f"{row}\t{text.strip()}")
'
}

# Waits until a highlighted row of the screen contains TEXT.
e2e_wait_selected() {
    local name="$1" text="$2" seconds="${3:-10}"
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -le $deadline ]; do
        e2e_selected "$name" | cut -f2- | grep -qF -- "$text" && return 0
        sleep 0.1
    done
    e2e_fail "timed out after ${seconds}s waiting for a highlighted row with '$text'; highlighted rows:"
    e2e_selected "$name" | sed 's/^/    | /' >&2
    e2e_screen "$name" | sed 's/^/    | /' >&2
    return 1
}

# Fails if the screen shows TEXT.
e2e_absent() {
    if e2e_screen "$1" | grep -qF -- "$2"; then
        e2e_fail "screen shows '$2'"
        return 1
    fi
}

e2e_app_pid() {
    local shell_pid
    shell_pid="$(e2e_tmux display-message -p -t "$1" '#{pane_pid}')" || return 1
    pgrep -P "$shell_pid" | head -n 1
}

e2e_flag() {
    e2e_tmux display-message -p -t "$1" "$2"
}

e2e_expect_flag() {
    local name="$1" format="$2" want="$3" got
    got="$(e2e_flag "$name" "$format")"
    [ "$got" = "$want" ] || e2e_fail "$format is '$got', expected '$want'"
}

e2e_assert_restored() {
    local name="$1" ok=0
    # The prompt is back on the last line that has text.
    local deadline=$((SECONDS + 5))
    until [ "$(e2e_screen "$name" | grep -v '^$' | tail -n 1)" = "${E2E_PROMPT% }" ]; do
        if [ $SECONDS -gt $deadline ]; then
            e2e_fail "no prompt after the program ended; screen:"
            e2e_screen "$name" | sed 's/^/    | /' >&2
            return 1
        fi
        sleep 0.1
    done
    e2e_expect_flag "$name" '#{alternate_on}' 0 || ok=1
    e2e_expect_flag "$name" '#{cursor_flag}' 1 || ok=1
    e2e_expect_flag "$name" '#{mouse_any_flag}' 0 || ok=1
    e2e_expect_flag "$name" '#{keypad_flag}' 0 || ok=1
    e2e_keys "$name" "stty -g > '$E2E_WORK/$name.stty.after'" Enter
    local wait_until=$((SECONDS + 5))
    while [ ! -s "$E2E_WORK/$name.stty.after" ] && [ $SECONDS -le $wait_until ]; do sleep 0.1; done
    if ! cmp -s "$E2E_WORK/$name.stty.before" "$E2E_WORK/$name.stty.after"; then
        e2e_fail "stty settings differ: $(cat "$E2E_WORK/$name.stty.before" 2>/dev/null) -> $(cat "$E2E_WORK/$name.stty.after" 2>/dev/null)"
        ok=1
    fi
    return $ok
}

# Waits for the shell to print the program's exit status and checks it.
e2e_assert_status() {
    e2e_wait_line "$1" "exit=$2" 5
}

e2e_run() {
    E2E_CURRENT="$1"
    local name="t$((${#E2E_FAILED[@]} + E2E_PASSED))"
    if "$1" "$name"; then
        E2E_PASSED=$((E2E_PASSED + 1))
        printf '  ok   %s\n' "$1"
    else
        E2E_FAILED+=("$1")
        printf '  FAIL %s\n' "$1"
    fi
    e2e_tmux kill-session -t "$name" 2>/dev/null
    return 0
}

e2e_summary() {
    printf '%d passed, %d failed\n' "$E2E_PASSED" "${#E2E_FAILED[@]}"
    [ ${#E2E_FAILED[@]} -eq 0 ] || { printf 'failed: %s\n' "${E2E_FAILED[*]}"; return 1; }
}

e2e_cleanup() {
    e2e_tmux kill-server 2>/dev/null
    rm -rf "$E2E_WORK"
}

# e2e_prerequisite MESSAGE: a test whose prerequisite is missing is skipped on a developer's
# machine and fails under CI=true (where scripts/test provides everything). Returns 0 to skip,
# 1 to fail; the caller returns it: `[ -f x ] || { e2e_prerequisite "no x"; return; }`.
e2e_prerequisite() {
    if [ "${CI:-}" = true ]; then
        e2e_fail "$1 (under CI=true a missing prerequisite is a failure)"
        return 1
    fi
    echo "    (skipped: $1)"
    return 0
}
