#ifndef TCALC_CKERNELS_H
#define TCALC_CKERNELS_H
/* Element-wise kernels written in C so that one source compiles to both baseline x86-64 and
 * AVX2 code, chosen at run time (Swift has no per-function target selection). */

/* e^x for float32, within 1 ulp of the correctly rounded result, with IEEE special values
 * (NaN stays NaN, exp(+inf) = inf, exp(-inf) = 0, gradual underflow to subnormals). */
float tcalc_expf(float x);

/* dst[i] = tcalc_expf(src[i]) for i < n over contiguous elements, bit for bit the same values
 * as the scalar function on every CPU. */
void tcalc_expf_array(float *dst, const float *src, long n);

/* read_csv's numeric fast path. */
#include "csv_numeric.h"

/* Plotting: ranges and M4 point reduction. */
#include "plot_reduce.h"

#endif
