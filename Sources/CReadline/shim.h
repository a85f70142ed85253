#ifndef TCALC_CREADLINE_SHIM_H
#define TCALC_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 treats readline's mutable C globals as unsafe shared state; these small setters
   are the one place tcalc writes them. */
static inline void tcalc_rl_set_completion(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
}
static inline void tcalc_rl_set_completion_append(int ch) { rl_completion_append_character = ch; }
static inline void tcalc_rl_set_catch_signals(int on) { rl_catch_signals = on; }
static inline void tcalc_rl_set_basic_word_break(const char *chars) {
    rl_basic_word_break_characters = (char *)chars;
}
static inline void tcalc_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void tcalc_rl_set_startup_hook(rl_hook_func_t *fn) { rl_startup_hook = fn; }
static inline void tcalc_rl_set_event_hook(rl_hook_func_t *fn) { rl_event_hook = fn; }
static inline void tcalc_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline const char *tcalc_rl_line_buffer(void) { return rl_line_buffer; }
static inline int tcalc_rl_done(void) { return rl_done; }
static inline void tcalc_rl_set_done(int v) { rl_done = v; }
static inline int tcalc_rl_point(void) { return rl_point; }
static inline void tcalc_rl_set_point(int v) { rl_point = v; }
static inline int tcalc_rl_end(void) { return rl_end; }
static inline void tcalc_rl_set_completion_suppress_append(int v) { rl_completion_suppress_append = v; }
static inline void tcalc_rl_set_completion_query_items(int v) { rl_completion_query_items = v; }
static inline void tcalc_rl_set_filename_completion_desired(int v) { rl_filename_completion_desired = v; }
static inline void tcalc_rl_set_sort_completion_matches(int v) { rl_sort_completion_matches = v; }
static inline void tcalc_rl_set_pre_input_hook(rl_hook_func_t *fn) { rl_pre_input_hook = fn; }
static inline HIST_ENTRY *tcalc_history_entry(int offset) { return history_get(history_base + offset); }
static inline int tcalc_history_length(void) { return history_length; }
#endif
