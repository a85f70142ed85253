#ifndef TCALC_CSV_NUMERIC_H
#define TCALC_CSV_NUMERIC_H
/* The fast path of read_csv: a body of rows whose fields are all plain numbers or empty, parsed
 * straight into one array of 8-byte slots per column. It stops, without guessing, at the first
 * byte it does not handle, and the caller then reads the file with the general parser, so the
 * two can never disagree on what a file means. */

#include <stddef.h>
#include <stdint.h>

typedef struct {
    /* Rows written into the columns. */
    int64_t rows;
    /* 0: every row up to `end` (or `limit` rows) was read; 1: something outside the fast path
     * was met (text, quotes, spaces, a blank line, a row of another width, an int beyond int64). */
    int unsupported;
} tcalc_csv_numeric_result;

/* Parses rows from base[start] up to base[end] (a row boundary) with `width` fields each,
 * separated by `sep`, ended by \n, \r\n or \r. columns[k] receives column k: int64 values while
 * is_float[k] is 0, doubles once a decimal number or an empty (missing, NaN) field makes it 1,
 * converting the earlier slots in place. Each column must hold `capacity` slots; more rows than
 * that are reported as unsupported (the caller sizes them by counting line ends). Numbers follow pandas'
 * C parser as tcalc's Swift field parser does: int64 exactly, decimals correctly rounded
 * (Clinger's exact path, strtod otherwise). */
tcalc_csv_numeric_result tcalc_csv_numeric(const uint8_t *base, size_t start, size_t end, uint8_t sep,
                                           int width, int64_t limit, void *const *columns,
                                           size_t capacity, uint8_t *is_float);

/* How many times `byte` occurs in base[0..<n] (line counts, to size the columns). */
size_t tcalc_count_byte(const uint8_t *base, size_t n, uint8_t byte);

#endif
