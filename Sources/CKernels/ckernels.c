#include "ckernels.h"

#include <stdint.h>
#include <string.h>

/* Identical bits on every instruction set: never fuse a multiply and an add. */
#pragma STDC FP_CONTRACT OFF

/* exp for float32, computed in double: n = round(x / ln 2), r = x - n ln 2 (|r| <= ln2 / 2,
 * exact enough in double), e^r by its Taylor polynomial to degree 8 (truncation error below
 * 2^-32 relative), scaled by 2^n built from the exponent bits. The only rounding that matters
 * is the final double-to-float conversion, which also produces overflow to inf and subnormal
 * results correctly. Clamping x to [-104, 89] keeps 2^n a normal double: e^-104 rounds to 0
 * and e^89 overflows in float. Only IEEE additions, multiplications and conversions are used
 * (no fused multiply-add), so every instruction set gives identical bits. */
#define TCALC_EXPF_BODY(xf, result)                                                   \
    do {                                                                              \
        double x_ = (double)(xf);                                                     \
        x_ = x_ < -104.0 ? -104.0 : x_;                                               \
        x_ = x_ > 89.0 ? 89.0 : x_;                                                   \
        const double magic_ = 6755399441055744.0; /* 1.5 * 2^52 */                    \
        double t_ = x_ * 1.4426950408889634 + magic_;                                 \
        double n_ = t_ - magic_;                                                      \
        double r_ = x_ - n_ * 0.6931471805599453;                                     \
        uint64_t bits_;                                                               \
        memcpy(&bits_, &t_, sizeof bits_);                                            \
        bits_ = (bits_ + 1023u) << 52;                                                \
        double scale_;                                                                \
        memcpy(&scale_, &bits_, sizeof scale_);                                       \
        double p_ = 1.0 / 40320.0;                                                    \
        p_ = p_ * r_ + 1.0 / 5040.0;                                                  \
        p_ = p_ * r_ + 1.0 / 720.0;                                                   \
        p_ = p_ * r_ + 1.0 / 120.0;                                                   \
        p_ = p_ * r_ + 1.0 / 24.0;                                                    \
        p_ = p_ * r_ + 1.0 / 6.0;                                                     \
        p_ = p_ * r_ + 0.5;                                                           \
        p_ = p_ * r_ + 1.0;                                                           \
        p_ = p_ * r_ + 1.0;                                                           \
        float y_ = (float)(p_ * scale_);                                              \
        (result) = (xf) != (xf) ? (xf) : y_;                                          \
    } while (0)

float tcalc_expf(float x) {
    float y;
    TCALC_EXPF_BODY(x, y);
    return y;
}

static void expf_array_baseline(float *dst, const float *src, long n) {
    for (long i = 0; i < n; i++) {
        float x = src[i], y;
        TCALC_EXPF_BODY(x, y);
        dst[i] = y;
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("avx2")))
static void expf_array_avx2(float *dst, const float *src, long n) {
    for (long i = 0; i < n; i++) {
        float x = src[i], y;
        TCALC_EXPF_BODY(x, y);
        dst[i] = y;
    }
}
#endif

void tcalc_expf_array(float *dst, const float *src, long n) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (__builtin_cpu_supports("avx2")) {
        expf_array_avx2(dst, src, n);
        return;
    }
#endif
    expf_array_baseline(dst, src, n);
}
