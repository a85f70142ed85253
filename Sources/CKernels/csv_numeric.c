#include "csv_numeric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Exact decimal arithmetic below relies on single IEEE operations: never fuse them. */
#pragma STDC FP_CONTRACT OFF

static const double exact_powers[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

enum field_kind { FIELD_BAD, FIELD_EMPTY, FIELD_INT, FIELD_FLOAT };

/* Parses one field starting at *pp; on success *pp is left at the byte that ended it (a
 * separator, a line end, or `end`). */
static inline enum field_kind parse_field(const uint8_t *base, size_t *pp, size_t end, uint8_t sep,
                                          int64_t *int_value, double *float_value) {
    size_t p = *pp;
    const size_t lo = p;
    int negative = 0;
    if (p < end && (base[p] == '-' || base[p] == '+')) { negative = base[p] == '-'; p++; }
    uint64_t mantissa = 0;
    int digits = 0, significant = 0, exponent = 0, integral = 1;
    while (p < end && (uint8_t)(base[p] - '0') < 10) {
        if (significant < 19) {
            mantissa = mantissa * 10 + (uint64_t)(base[p] - '0');
            if (mantissa != 0) significant++;
        } else {
            exponent++;
        }
        digits++; p++;
    }
    if (p < end && base[p] == '.') {
        integral = 0;
        p++;
        while (p < end && (uint8_t)(base[p] - '0') < 10) {
            if (significant < 19) {
                mantissa = mantissa * 10 + (uint64_t)(base[p] - '0');
                if (mantissa != 0) significant++;
                exponent--;
            }
            digits++; p++;
        }
    }
    if (digits == 0) {
        if (p == lo && (p >= end || base[p] == sep || base[p] == '\n' || base[p] == '\r')) {
            *pp = p;
            return FIELD_EMPTY;
        }
        return FIELD_BAD;
    }
    if (p < end && (base[p] == 'e' || base[p] == 'E')) {
        integral = 0;
        p++;
        int exp_negative = 0;
        if (p < end && (base[p] == '-' || base[p] == '+')) { exp_negative = base[p] == '-'; p++; }
        if (p >= end || (uint8_t)(base[p] - '0') >= 10) return FIELD_BAD;
        int e = 0;
        while (p < end && (uint8_t)(base[p] - '0') < 10) {
            if (e < 100000) e = e * 10 + (base[p] - '0');
            p++;
        }
        exponent += exp_negative ? -e : e;
    }
    if (p < end && base[p] != sep && base[p] != '\n' && base[p] != '\r') return FIELD_BAD;
    *pp = p;
    if (integral) {
        /* int64 exactly; longer integers are text to pandas, which is the general path's job. */
        if (exponent != 0) return FIELD_BAD;
        if (negative) {
            if (mantissa > (uint64_t)INT64_MAX + 1) return FIELD_BAD;
            *int_value = (int64_t)(0 - mantissa);
        } else {
            if (mantissa > (uint64_t)INT64_MAX) return FIELD_BAD;
            *int_value = (int64_t)mantissa;
        }
        /* The same text read as a decimal, for a column that is already float. */
        double v = (double)mantissa;
        *float_value = negative ? -v : v;
        return FIELD_INT;
    }
    if (mantissa < ((uint64_t)1 << 53) && exponent >= -22 && exponent <= 22) {
        double v = (double)mantissa;
        v = exponent < 0 ? v / exact_powers[-exponent] : v * exact_powers[exponent];
        *float_value = negative ? -v : v;
        return FIELD_FLOAT;
    }
    char text[128];
    size_t n = p - lo;
    if (n >= sizeof text) return FIELD_BAD;
    memcpy(text, base + lo, n);
    text[n] = 0;
    char *stop = NULL;
    double v = strtod(text, &stop);
    if (stop != text + n) return FIELD_BAD;
    *float_value = v;
    return FIELD_FLOAT;
}

tcalc_csv_numeric_result tcalc_csv_numeric(const uint8_t *base, size_t start, size_t end, uint8_t sep,
                                           int width, int64_t limit, void *const *columns,
                                           size_t capacity, uint8_t *is_float) {
    tcalc_csv_numeric_result result = {0, 0};
    size_t p = start;
    int64_t row = 0;
    while (p < end && row < limit) {
        if ((size_t)row >= capacity || base[p] == '\n' || base[p] == '\r') { result.unsupported = 1; break; }
        for (int k = 0; k < width; k++) {
            int64_t iv = 0;
            double fv = 0;
            enum field_kind kind = parse_field(base, &p, end, sep, &iv, &fv);
            if (kind == FIELD_BAD) { result.unsupported = 1; result.rows = row; return result; }
            /* Every field but the last ends at a separator; the last at a line end. */
            int last = k == width - 1;
            if (last ? (p < end && base[p] == sep) : (p >= end || base[p] != sep)) {
                result.unsupported = 1; result.rows = row; return result;
            }
            if (!last) p++;
            if (kind == FIELD_INT && !is_float[k]) {
                ((int64_t *)columns[k])[row] = iv;
                continue;
            }
            if (!is_float[k]) {
                /* The column turns float: its earlier integers become doubles in place. */
                int64_t *ints = (int64_t *)columns[k];
                double *doubles = (double *)columns[k];
                for (int64_t r = 0; r < row; r++) doubles[r] = (double)ints[r];
                is_float[k] = 1;
            }
            ((double *)columns[k])[row] = kind == FIELD_EMPTY ? NAN : fv;
        }
        if (p < end) {
            if (base[p] == '\r') { p++; if (p < end && base[p] == '\n') p++; }
            else p++; /* '\n' */
        }
        row++;
    }
    result.rows = row;
    return result;
}

size_t tcalc_count_byte(const uint8_t *base, size_t n, uint8_t byte) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += base[i] == byte;
    return count;
}
