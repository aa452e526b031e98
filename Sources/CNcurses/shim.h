#ifndef RUNBOARD_CNCURSES_SHIM_H
#define RUNBOARD_CNCURSES_SHIM_H

// Wide-character ncurses: get_wch, setcchar, init_extended_pair.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Curses macros and C globals are not visible (or not concurrency-safe) in Swift; these read them.

/// Opens the terminal on stdin/stdout; NULL when the terminal type is unknown.
static inline SCREEN *rb_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline WINDOW *rb_stdscr(void) { return stdscr; }
static inline WINDOW *rb_curscr(void) { return curscr; }
static inline int rb_lines(void) { return getmaxy(stdscr); }
static inline int rb_cols(void) { return getmaxx(stdscr); }
static inline int rb_colors(void) { return COLORS; }
static inline int rb_color_pairs(void) { return COLOR_PAIRS; }
/// Whether the terminal description says colour numbers are direct RGB values.
static inline int rb_has_direct_rgb(void) { return tigetflag((char *)"RGB") > 0; }

static inline attr_t rb_a_bold(void) { return A_BOLD; }
static inline attr_t rb_a_dim(void) { return A_DIM; }
static inline attr_t rb_a_italic(void) { return A_ITALIC; }
static inline attr_t rb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rb_a_reverse(void) { return A_REVERSE; }

static inline mmask_t rb_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t rb_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t rb_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t rb_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Puts one cell: up to CCHARW_MAX wide characters (a base and combining marks) in an extended pair.
static inline int rb_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t c;
    if (setcchar(&c, wch, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &c);
}

/// Reads one key or character; returns OK, KEY_CODE_YES or ERR (timeout).
static inline int rb_get_wch(wint_t *out) { return wget_wch(stdscr, out); }

#endif
