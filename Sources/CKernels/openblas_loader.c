/* OpenBLAS, loaded on the first BLAS or LAPACK call instead of at process start.
 *
 * Linked the usual way, libopenblas's constructor runs before main: it detects the CPU, maps
 * its buffers and starts one worker thread per core, which then spin in sched_yield. In a
 * calculator most sessions (and every `tcalc -e 1`) never multiply a matrix, so that was
 * start-up time and CPU spent for nothing. Here each routine tcalc uses is a small trampoline
 * with the library's own name and prototype (checked by the compiler against cblas.h and the
 * LAPACK prototypes in COpenBLAS/shim.h); the first call dlopens the library once and every
 * trampoline then calls through a cached pointer.
 *
 * Before loading, OPENBLAS_THREAD_TIMEOUT (unless the user set it) shortens how long idle
 * workers spin before they sleep, so that the process uses no CPU while the user reads a
 * result (see docs/architecture.md for the measurements). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "../COpenBLAS/shim.h"

static void *openblas_handle;
static pthread_once_t openblas_once = PTHREAD_ONCE_INIT;

static void openblas_load(void) {
    /* 2^22 cycles, about 1-2 ms at these clock rates: long enough that back-to-back calls
       (a loop of small products) find the workers awake, short enough to be idle at once. */
    setenv("OPENBLAS_THREAD_TIMEOUT", "22", 0);
    const char *names[] = {"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0] && !openblas_handle; i++) {
        openblas_handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (!openblas_handle) {
        fprintf(stderr, "tcalc: cannot load OpenBLAS (libopenblas.so.0): %s\n"
                        "tcalc: install it with scripts/setup (libopenblas-dev)\n", dlerror());
        exit(1);
    }
}

/* The address of an OpenBLAS routine, loading the library on first use. */
static void *openblas_symbol(const char *name) {
    pthread_once(&openblas_once, openblas_load);
    void *fn = dlsym(openblas_handle, name);
    if (!fn) {
        fprintf(stderr, "tcalc: OpenBLAS has no routine %s\n", name);
        exit(1);
    }
    return fn;
}

int tcalc_openblas_loaded(void) { return openblas_handle != NULL; }

/* One trampoline: resolve once (a race only resolves the same address twice), then call. */
#define TRAMPOLINE(ret, name, params, args)                                                   \
    ret name params {                                                                         \
        static ret (*fn) params;                                                              \
        ret (*f) params = __atomic_load_n(&fn, __ATOMIC_ACQUIRE);                             \
        if (!f) {                                                                             \
            f = (ret (*) params)openblas_symbol(#name);                                       \
            __atomic_store_n(&fn, f, __ATOMIC_RELEASE);                                       \
        }                                                                                     \
        return f args;                                                                        \
    }
#define TRAMPOLINE_VOID(name, params, args)                                                   \
    void name params {                                                                        \
        static void (*fn) params;                                                             \
        void (*f) params = __atomic_load_n(&fn, __ATOMIC_ACQUIRE);                            \
        if (!f) {                                                                             \
            f = (void (*) params)openblas_symbol(#name);                                      \
            __atomic_store_n(&fn, f, __ATOMIC_RELEASE);                                       \
        }                                                                                     \
        f args;                                                                               \
    }

#define C OPENBLAS_CONST
typedef enum CBLAS_ORDER Order;
typedef enum CBLAS_TRANSPOSE Trans;

TRAMPOLINE(float, cblas_sdot, (C blasint n, C float *x, C blasint incx, C float *y, C blasint incy), (n, x, incx, y, incy))
TRAMPOLINE(double, cblas_ddot, (C blasint n, C double *x, C blasint incx, C double *y, C blasint incy), (n, x, incx, y, incy))
TRAMPOLINE_VOID(cblas_sgemv, (C Order o, C Trans t, C blasint m, C blasint n, C float alpha, C float *a, C blasint lda,
                              C float *x, C blasint incx, C float beta, float *y, C blasint incy),
                (o, t, m, n, alpha, a, lda, x, incx, beta, y, incy))
TRAMPOLINE_VOID(cblas_dgemv, (C Order o, C Trans t, C blasint m, C blasint n, C double alpha, C double *a, C blasint lda,
                              C double *x, C blasint incx, C double beta, double *y, C blasint incy),
                (o, t, m, n, alpha, a, lda, x, incx, beta, y, incy))
TRAMPOLINE_VOID(cblas_sgemm, (C Order o, C Trans ta, C Trans tb, C blasint m, C blasint n, C blasint k, C float alpha,
                              C float *a, C blasint lda, C float *b, C blasint ldb, C float beta, float *c, C blasint ldc),
                (o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
TRAMPOLINE_VOID(cblas_dgemm, (C Order o, C Trans ta, C Trans tb, C blasint m, C blasint n, C blasint k, C double alpha,
                              C double *a, C blasint lda, C double *b, C blasint ldb, C double beta, double *c, C blasint ldc),
                (o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
TRAMPOLINE_VOID(cblas_cgemm, (C Order o, C Trans ta, C Trans tb, C blasint m, C blasint n, C blasint k, C void *alpha,
                              C void *a, C blasint lda, C void *b, C blasint ldb, C void *beta, void *c, C blasint ldc),
                (o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
TRAMPOLINE_VOID(cblas_zgemm, (C Order o, C Trans ta, C Trans tb, C blasint m, C blasint n, C blasint k, C void *alpha,
                              C void *a, C blasint lda, C void *b, C blasint ldb, C void *beta, void *c, C blasint ldc),
                (o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
TRAMPOLINE_VOID(openblas_set_num_threads, (int n), (n))

#define I const lapack_int
#define LAPACK_PAIR(name_s, name_d, params_s, params_d, args)                                 \
    TRAMPOLINE_VOID(name_s, params_s, args)                                                   \
    TRAMPOLINE_VOID(name_d, params_d, args)

LAPACK_PAIR(sgesv_, dgesv_,
            (I *n, I *nrhs, float *a, I *lda, lapack_int *ipiv, float *b, I *ldb, lapack_int *info),
            (I *n, I *nrhs, double *a, I *lda, lapack_int *ipiv, double *b, I *ldb, lapack_int *info),
            (n, nrhs, a, lda, ipiv, b, ldb, info))
LAPACK_PAIR(sgetrf_, dgetrf_,
            (I *m, I *n, float *a, I *lda, lapack_int *ipiv, lapack_int *info),
            (I *m, I *n, double *a, I *lda, lapack_int *ipiv, lapack_int *info),
            (m, n, a, lda, ipiv, info))
LAPACK_PAIR(sgetrs_, dgetrs_,
            (const char *trans, I *n, I *nrhs, const float *a, I *lda, I *ipiv, float *b, I *ldb, lapack_int *info),
            (const char *trans, I *n, I *nrhs, const double *a, I *lda, I *ipiv, double *b, I *ldb, lapack_int *info),
            (trans, n, nrhs, a, lda, ipiv, b, ldb, info))
LAPACK_PAIR(sgetri_, dgetri_,
            (I *n, float *a, I *lda, I *ipiv, float *work, I *lwork, lapack_int *info),
            (I *n, double *a, I *lda, I *ipiv, double *work, I *lwork, lapack_int *info),
            (n, a, lda, ipiv, work, lwork, info))
LAPACK_PAIR(spotrf_, dpotrf_,
            (const char *uplo, I *n, float *a, I *lda, lapack_int *info),
            (const char *uplo, I *n, double *a, I *lda, lapack_int *info),
            (uplo, n, a, lda, info))
LAPACK_PAIR(sgeqrf_, dgeqrf_,
            (I *m, I *n, float *a, I *lda, float *tau, float *work, I *lwork, lapack_int *info),
            (I *m, I *n, double *a, I *lda, double *tau, double *work, I *lwork, lapack_int *info),
            (m, n, a, lda, tau, work, lwork, info))
LAPACK_PAIR(sorgqr_, dorgqr_,
            (I *m, I *n, I *k, float *a, I *lda, const float *tau, float *work, I *lwork, lapack_int *info),
            (I *m, I *n, I *k, double *a, I *lda, const double *tau, double *work, I *lwork, lapack_int *info),
            (m, n, k, a, lda, tau, work, lwork, info))
LAPACK_PAIR(sgeev_, dgeev_,
            (const char *jobvl, const char *jobvr, I *n, float *a, I *lda, float *wr, float *wi, float *vl, I *ldvl,
             float *vr, I *ldvr, float *work, I *lwork, lapack_int *info),
            (const char *jobvl, const char *jobvr, I *n, double *a, I *lda, double *wr, double *wi, double *vl, I *ldvl,
             double *vr, I *ldvr, double *work, I *lwork, lapack_int *info),
            (jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr, work, lwork, info))
LAPACK_PAIR(ssyevd_, dsyevd_,
            (const char *jobz, const char *uplo, I *n, float *a, I *lda, float *w, float *work, I *lwork,
             lapack_int *iwork, I *liwork, lapack_int *info),
            (const char *jobz, const char *uplo, I *n, double *a, I *lda, double *w, double *work, I *lwork,
             lapack_int *iwork, I *liwork, lapack_int *info),
            (jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info))
LAPACK_PAIR(sgesdd_, dgesdd_,
            (const char *jobz, I *m, I *n, float *a, I *lda, float *s, float *u, I *ldu, float *vt, I *ldvt,
             float *work, I *lwork, lapack_int *iwork, lapack_int *info),
            (const char *jobz, I *m, I *n, double *a, I *lda, double *s, double *u, I *ldu, double *vt, I *ldvt,
             double *work, I *lwork, lapack_int *iwork, lapack_int *info),
            (jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info))
LAPACK_PAIR(sgelsd_, dgelsd_,
            (I *m, I *n, I *nrhs, float *a, I *lda, float *b, I *ldb, float *s, const float *rcond, lapack_int *rank,
             float *work, I *lwork, lapack_int *iwork, lapack_int *info),
            (I *m, I *n, I *nrhs, double *a, I *lda, double *b, I *ldb, double *s, const double *rcond, lapack_int *rank,
             double *work, I *lwork, lapack_int *iwork, lapack_int *info),
            (m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork, info))
