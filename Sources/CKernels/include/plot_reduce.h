#ifndef TCALC_PLOT_REDUCE_H
#define TCALC_PLOT_REDUCE_H
/* The plotting loops that visit every point of a series, in C so that a 10^7-point series
 * draws quickly even in debug builds (Sources/Plot/PointReduction.swift calls them). */

/* The smallest and largest finite values of v (only those > 0 when positive_only); *lo > *hi
 * when there are none. */
void tcalc_plot_range(const double *v, long n, int positive_only, double *lo, double *hi);

/* One axis' mapping from data to pixels: p = (t(v) - a) * k + b, where t is log10 when log is
 * set (values <= 0 then count as missing), clamped to [lo, hi]. */
typedef struct {
    double a, k, b, lo, hi;
    int log;
} tcalc_plot_axis;

/* Maps the points to pixels and keeps, for each run of consecutive points in the same pixel
 * column, the first, the lowest, the highest and the last (M4 reduction: the same pixels are
 * drawn). Non-finite points end a stretch and are written as one (NaN, NaN) break. Writes at
 * most cap points to ox/oy and returns how many, or -1 when cap is too small (the caller then
 * draws the points unreduced). */
long tcalc_plot_m4(const double *xs, const double *ys, long n, tcalc_plot_axis x, tcalc_plot_axis y,
                   double *ox, double *oy, long cap);

#endif
