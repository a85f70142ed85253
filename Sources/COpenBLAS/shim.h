#ifndef TCALC_COPENBLAS_SHIM_H
#define TCALC_COPENBLAS_SHIM_H
/* Debian installs cblas.h under the multiarch include directory. */
#if __has_include(<cblas.h>)
#include <cblas.h>
#elif __has_include(<x86_64-linux-gnu/cblas.h>)
#include <x86_64-linux-gnu/cblas.h>
#elif __has_include(<aarch64-linux-gnu/cblas.h>)
#include <aarch64-linux-gnu/cblas.h>
#else
#error "cblas.h not found: run scripts/setup (installs libopenblas-dev)"
#endif

/* LAPACK (Fortran calling convention; libopenblas exports these). Only the routines tcalc uses. */
typedef int lapack_int;
void sgesv_(const lapack_int *n, const lapack_int *nrhs, float *a, const lapack_int *lda, lapack_int *ipiv, float *b, const lapack_int *ldb, lapack_int *info);
void dgesv_(const lapack_int *n, const lapack_int *nrhs, double *a, const lapack_int *lda, lapack_int *ipiv, double *b, const lapack_int *ldb, lapack_int *info);
void sgetrf_(const lapack_int *m, const lapack_int *n, float *a, const lapack_int *lda, lapack_int *ipiv, lapack_int *info);
void dgetrf_(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda, lapack_int *ipiv, lapack_int *info);
void sgetrs_(const char *trans, const lapack_int *n, const lapack_int *nrhs, const float *a, const lapack_int *lda, const lapack_int *ipiv, float *b, const lapack_int *ldb, lapack_int *info);
void dgetrs_(const char *trans, const lapack_int *n, const lapack_int *nrhs, const double *a, const lapack_int *lda, const lapack_int *ipiv, double *b, const lapack_int *ldb, lapack_int *info);
void sgetri_(const lapack_int *n, float *a, const lapack_int *lda, const lapack_int *ipiv, float *work, const lapack_int *lwork, lapack_int *info);
void dgetri_(const lapack_int *n, double *a, const lapack_int *lda, const lapack_int *ipiv, double *work, const lapack_int *lwork, lapack_int *info);
void spotrf_(const char *uplo, const lapack_int *n, float *a, const lapack_int *lda, lapack_int *info);
void dpotrf_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda, lapack_int *info);
void sgeqrf_(const lapack_int *m, const lapack_int *n, float *a, const lapack_int *lda, float *tau, float *work, const lapack_int *lwork, lapack_int *info);
void dgeqrf_(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda, double *tau, double *work, const lapack_int *lwork, lapack_int *info);
void sorgqr_(const lapack_int *m, const lapack_int *n, const lapack_int *k, float *a, const lapack_int *lda, const float *tau, float *work, const lapack_int *lwork, lapack_int *info);
void dorgqr_(const lapack_int *m, const lapack_int *n, const lapack_int *k, double *a, const lapack_int *lda, const double *tau, double *work, const lapack_int *lwork, lapack_int *info);
void sgeev_(const char *jobvl, const char *jobvr, const lapack_int *n, float *a, const lapack_int *lda, float *wr, float *wi, float *vl, const lapack_int *ldvl, float *vr, const lapack_int *ldvr, float *work, const lapack_int *lwork, lapack_int *info);
void dgeev_(const char *jobvl, const char *jobvr, const lapack_int *n, double *a, const lapack_int *lda, double *wr, double *wi, double *vl, const lapack_int *ldvl, double *vr, const lapack_int *ldvr, double *work, const lapack_int *lwork, lapack_int *info);
void ssyevd_(const char *jobz, const char *uplo, const lapack_int *n, float *a, const lapack_int *lda, float *w, float *work, const lapack_int *lwork, lapack_int *iwork, const lapack_int *liwork, lapack_int *info);
void dsyevd_(const char *jobz, const char *uplo, const lapack_int *n, double *a, const lapack_int *lda, double *w, double *work, const lapack_int *lwork, lapack_int *iwork, const lapack_int *liwork, lapack_int *info);
void sgesdd_(const char *jobz, const lapack_int *m, const lapack_int *n, float *a, const lapack_int *lda, float *s, float *u, const lapack_int *ldu, float *vt, const lapack_int *ldvt, float *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info);
void dgesdd_(const char *jobz, const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda, double *s, double *u, const lapack_int *ldu, double *vt, const lapack_int *ldvt, double *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info);
void sgelsd_(const lapack_int *m, const lapack_int *n, const lapack_int *nrhs, float *a, const lapack_int *lda, float *b, const lapack_int *ldb, float *s, const float *rcond, lapack_int *rank, float *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info);
void dgelsd_(const lapack_int *m, const lapack_int *n, const lapack_int *nrhs, double *a, const lapack_int *lda, double *b, const lapack_int *ldb, double *s, const double *rcond, lapack_int *rank, double *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info);
void openblas_set_num_threads(int num_threads);
#endif
