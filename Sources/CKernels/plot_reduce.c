#include "plot_reduce.h"
#include <math.h>

void tcalc_plot_range(const double *v, long n, int positive_only, double *lo, double *hi) {
    double a = INFINITY, b = -INFINITY;
    for (long i = 0; i < n; i++) {
        double x = v[i];
        if (!isfinite(x) || (positive_only && !(x > 0))) continue;
        if (x < a) a = x;
        if (x > b) b = x;
    }
    *lo = a;
    *hi = b;
}

static inline double map_axis(const tcalc_plot_axis *m, double v) {
    if (m->log) {
        if (!(v > 0)) return NAN;
        v = log10(v);
    }
    if (!isfinite(v)) return NAN;
    double p = (v - m->a) * m->k + m->b;
    return p < m->lo ? m->lo : p > m->hi ? m->hi : p;
}

/* The current pixel column's group: first, min, max and last points with their indices. */
typedef struct {
    long count;
    double column;
    double fx, fy, nx, ny, xx, xy, lx, ly;
    long fi, ni, xi, li;
} group;

static int emit(double *ox, double *oy, long cap, long *m, double x, double y) {
    if (*m >= cap) return 0;
    ox[*m] = x;
    oy[*m] = y;
    (*m)++;
    return 1;
}

static int flush(group *g, double *ox, double *oy, long cap, long *m) {
    if (g->count == 0) return 1;
    int ok = emit(ox, oy, cap, m, g->fx, g->fy);
    if (g->count > 1) {
        /* min and max in the order they came, skipping those that are the first or last. */
        long i1 = g->ni < g->xi ? g->ni : g->xi, i2 = g->ni < g->xi ? g->xi : g->ni;
        double x1 = g->ni < g->xi ? g->nx : g->xx, y1 = g->ni < g->xi ? g->ny : g->xy;
        double x2 = g->ni < g->xi ? g->xx : g->nx, y2 = g->ni < g->xi ? g->xy : g->ny;
        if (i1 != g->fi && i1 != g->li) ok = ok && emit(ox, oy, cap, m, x1, y1);
        if (i2 != g->fi && i2 != g->li && i2 != i1) ok = ok && emit(ox, oy, cap, m, x2, y2);
        ok = ok && emit(ox, oy, cap, m, g->lx, g->ly);
    }
    g->count = 0;
    return ok;
}

long tcalc_plot_m4(const double *xs, const double *ys, long n, tcalc_plot_axis x, tcalc_plot_axis y,
                   double *ox, double *oy, long cap) {
    long m = 0;
    group g = {0};
    int broken = 1; /* nothing emitted since the last break */
    for (long i = 0; i < n; i++) {
        double px = map_axis(&x, xs[i]), py = map_axis(&y, ys[i]);
        if (isnan(px) || isnan(py)) {
            if (!flush(&g, ox, oy, cap, &m)) return -1;
            if (!broken) {
                if (!emit(ox, oy, cap, &m, NAN, NAN)) return -1;
                broken = 1;
            }
            continue;
        }
        broken = 0;
        double column = floor(px);
        if (g.count > 0 && column != g.column) {
            if (!flush(&g, ox, oy, cap, &m)) return -1;
        }
        if (g.count == 0) {
            g.column = column;
            g.fx = g.nx = g.xx = g.lx = px;
            g.fy = g.ny = g.xy = g.ly = py;
            g.fi = g.ni = g.xi = g.li = i;
        } else {
            if (py < g.ny) { g.nx = px; g.ny = py; g.ni = i; }
            if (py > g.xy) { g.xx = px; g.xy = py; g.xi = i; }
            g.lx = px;
            g.ly = py;
            g.li = i;
        }
        g.count++;
    }
    if (!flush(&g, ox, oy, cap, &m)) return -1;
    return m;
}
