import COpenBLAS

/// The LAPACK routines tcalc uses, for `Float` and `Double`, with Swift arrays in and the
/// `info` code out. Matrices are column-major (Fortran); `lda` is the number of rows stored.
/// Workspace sizes are found with LAPACK's own query (`lwork = -1`) inside each wrapper.
protocol LapackReal: BLASReal {
    static func getrf(m: Int, n: Int, a: inout [Self], pivots: inout [Int32]) -> Int
    static func gesv(n: Int, rhs: Int, a: inout [Self], pivots: inout [Int32], b: inout [Self]) -> Int
    /// Solves with an LU from `getrf`; `transpose` solves Aᵀ X = B instead.
    static func getrs(transpose: Bool, n: Int, rhs: Int, lu: [Self], pivots: [Int32], b: inout [Self]) -> Int
    static func potrf(lower: Bool, n: Int, a: inout [Self]) -> Int
    /// `geqrf` then `orgqr`: the R factor is left in `a`, and `q` (m×qCols) is formed.
    static func geqrf(m: Int, n: Int, a: inout [Self], tau: inout [Self]) -> Int
    static func orgqr(m: Int, n: Int, k: Int, a: inout [Self], tau: [Self]) -> Int
    static func geev(vectors: Bool, n: Int, a: inout [Self], wr: inout [Self], wi: inout [Self], vr: inout [Self]) -> Int
    static func syevd(vectors: Bool, lower: Bool, n: Int, a: inout [Self], w: inout [Self]) -> Int
    /// `job` is `A` (full U and Vᵀ), `S` (reduced) or `N` (values only).
    static func gesdd(job: Character, m: Int, n: Int, a: inout [Self], s: inout [Self], u: inout [Self], ldu: Int,
                      vt: inout [Self], ldvt: Int) -> Int
    static func gelsd(m: Int, n: Int, rhs: Int, a: inout [Self], b: inout [Self], ldb: Int, s: inout [Self],
                      rcond: Self, rank: inout Int) -> Int
}

/// Fortran passes everything by reference; these keep the call sites short.
private func ref(_ value: Int) -> Int32 { Int32(clamping: value) }
private func char(_ c: Character) -> CChar { CChar(c.asciiValue ?? 78) }

extension Float: LapackReal {
    static func getrf(m: Int, n: Int, a: inout [Float], pivots: inout [Int32]) -> Int {
        var m32 = ref(m), n32 = ref(n), lda = ref(Swift.max(1, m)), info: Int32 = 0
        sgetrf_(&m32, &n32, &a, &lda, &pivots, &info)
        return Int(info)
    }
    static func gesv(n: Int, rhs: Int, a: inout [Float], pivots: inout [Int32], b: inout [Float]) -> Int {
        var n32 = ref(n), nrhs = ref(rhs), lda = ref(Swift.max(1, n)), ldb = ref(Swift.max(1, n)), info: Int32 = 0
        sgesv_(&n32, &nrhs, &a, &lda, &pivots, &b, &ldb, &info)
        return Int(info)
    }
    static func getrs(transpose: Bool, n: Int, rhs: Int, lu: [Float], pivots: [Int32], b: inout [Float]) -> Int {
        var trans = char(transpose ? "T" : "N"), n32 = ref(n), nrhs = ref(rhs), lda = ref(Swift.max(1, n))
        var ldb = ref(Swift.max(1, n)), info: Int32 = 0
        sgetrs_(&trans, &n32, &nrhs, lu, &lda, pivots, &b, &ldb, &info)
        return Int(info)
    }
    static func potrf(lower: Bool, n: Int, a: inout [Float]) -> Int {
        var uplo = char(lower ? "L" : "U"), n32 = ref(n), lda = ref(Swift.max(1, n)), info: Int32 = 0
        spotrf_(&uplo, &n32, &a, &lda, &info)
        return Int(info)
    }
    static func geqrf(m: Int, n: Int, a: inout [Float], tau: inout [Float]) -> Int {
        var m32 = ref(m), n32 = ref(n), lda = ref(Swift.max(1, m)), info: Int32 = 0, lwork: Int32 = -1
        var query: Float = 0
        sgeqrf_(&m32, &n32, &a, &lda, &tau, &query, &lwork, &info)
        var work = [Float](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        sgeqrf_(&m32, &n32, &a, &lda, &tau, &work, &lwork, &info)
        return Int(info)
    }
    static func orgqr(m: Int, n: Int, k: Int, a: inout [Float], tau: [Float]) -> Int {
        var m32 = ref(m), n32 = ref(n), k32 = ref(k), lda = ref(Swift.max(1, m)), info: Int32 = 0, lwork: Int32 = -1
        var query: Float = 0
        var tau = tau
        sorgqr_(&m32, &n32, &k32, &a, &lda, &tau, &query, &lwork, &info)
        var work = [Float](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        sorgqr_(&m32, &n32, &k32, &a, &lda, &tau, &work, &lwork, &info)
        return Int(info)
    }
    static func geev(vectors: Bool, n: Int, a: inout [Float], wr: inout [Float], wi: inout [Float], vr: inout [Float]) -> Int {
        var jobvl = char("N"), jobvr = char(vectors ? "V" : "N")
        var n32 = ref(n), lda = ref(Swift.max(1, n)), ldvl: Int32 = 1, ldvr = ref(Swift.max(1, n))
        var info: Int32 = 0, lwork: Int32 = -1, query: Float = 0, vl: Float = 0
        sgeev_(&jobvl, &jobvr, &n32, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &query, &lwork, &info)
        var work = [Float](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        sgeev_(&jobvl, &jobvr, &n32, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &work, &lwork, &info)
        return Int(info)
    }
    static func syevd(vectors: Bool, lower: Bool, n: Int, a: inout [Float], w: inout [Float]) -> Int {
        var jobz = char(vectors ? "V" : "N"), uplo = char(lower ? "L" : "U")
        var n32 = ref(n), lda = ref(Swift.max(1, n)), info: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
        var query: Float = 0, iquery: Int32 = 0
        ssyevd_(&jobz, &uplo, &n32, &a, &lda, &w, &query, &lwork, &iquery, &liwork, &info)
        var work = [Float](repeating: 0, count: Swift.max(1, Int(query)))
        var iwork = [Int32](repeating: 0, count: Swift.max(1, Int(iquery)))
        lwork = ref(work.count); liwork = ref(iwork.count)
        ssyevd_(&jobz, &uplo, &n32, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        return Int(info)
    }
    static func gesdd(job: Character, m: Int, n: Int, a: inout [Float], s: inout [Float], u: inout [Float], ldu: Int,
                      vt: inout [Float], ldvt: Int) -> Int {
        var jobz = char(job), m32 = ref(m), n32 = ref(n), lda = ref(Swift.max(1, m))
        var ldu32 = ref(Swift.max(1, ldu)), ldvt32 = ref(Swift.max(1, ldvt))
        var info: Int32 = 0, lwork: Int32 = -1, query: Float = 0
        var iwork = [Int32](repeating: 0, count: Swift.max(1, 8 * Swift.min(m, n)))
        sgesdd_(&jobz, &m32, &n32, &a, &lda, &s, &u, &ldu32, &vt, &ldvt32, &query, &lwork, &iwork, &info)
        var work = [Float](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        sgesdd_(&jobz, &m32, &n32, &a, &lda, &s, &u, &ldu32, &vt, &ldvt32, &work, &lwork, &iwork, &info)
        return Int(info)
    }
    static func gelsd(m: Int, n: Int, rhs: Int, a: inout [Float], b: inout [Float], ldb: Int, s: inout [Float],
                      rcond: Float, rank: inout Int) -> Int {
        var m32 = ref(m), n32 = ref(n), nrhs = ref(rhs), lda = ref(Swift.max(1, m)), ldb32 = ref(Swift.max(1, ldb))
        var rc = rcond, rank32: Int32 = 0, info: Int32 = 0, lwork: Int32 = -1, query: Float = 0, iquery: Int32 = 0
        sgelsd_(&m32, &n32, &nrhs, &a, &lda, &b, &ldb32, &s, &rc, &rank32, &query, &lwork, &iquery, &info)
        var work = [Float](repeating: 0, count: Swift.max(1, Int(query)))
        var iwork = [Int32](repeating: 0, count: Swift.max(1, Int(iquery)))
        lwork = ref(work.count)
        sgelsd_(&m32, &n32, &nrhs, &a, &lda, &b, &ldb32, &s, &rc, &rank32, &work, &lwork, &iwork, &info)
        rank = Int(rank32)
        return Int(info)
    }
}

extension Double: LapackReal {
    static func getrf(m: Int, n: Int, a: inout [Double], pivots: inout [Int32]) -> Int {
        var m32 = ref(m), n32 = ref(n), lda = ref(Swift.max(1, m)), info: Int32 = 0
        dgetrf_(&m32, &n32, &a, &lda, &pivots, &info)
        return Int(info)
    }
    static func gesv(n: Int, rhs: Int, a: inout [Double], pivots: inout [Int32], b: inout [Double]) -> Int {
        var n32 = ref(n), nrhs = ref(rhs), lda = ref(Swift.max(1, n)), ldb = ref(Swift.max(1, n)), info: Int32 = 0
        dgesv_(&n32, &nrhs, &a, &lda, &pivots, &b, &ldb, &info)
        return Int(info)
    }
    static func getrs(transpose: Bool, n: Int, rhs: Int, lu: [Double], pivots: [Int32], b: inout [Double]) -> Int {
        var trans = char(transpose ? "T" : "N"), n32 = ref(n), nrhs = ref(rhs), lda = ref(Swift.max(1, n))
        var ldb = ref(Swift.max(1, n)), info: Int32 = 0
        dgetrs_(&trans, &n32, &nrhs, lu, &lda, pivots, &b, &ldb, &info)
        return Int(info)
    }
    static func potrf(lower: Bool, n: Int, a: inout [Double]) -> Int {
        var uplo = char(lower ? "L" : "U"), n32 = ref(n), lda = ref(Swift.max(1, n)), info: Int32 = 0
        dpotrf_(&uplo, &n32, &a, &lda, &info)
        return Int(info)
    }
    static func geqrf(m: Int, n: Int, a: inout [Double], tau: inout [Double]) -> Int {
        var m32 = ref(m), n32 = ref(n), lda = ref(Swift.max(1, m)), info: Int32 = 0, lwork: Int32 = -1
        var query: Double = 0
        dgeqrf_(&m32, &n32, &a, &lda, &tau, &query, &lwork, &info)
        var work = [Double](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        dgeqrf_(&m32, &n32, &a, &lda, &tau, &work, &lwork, &info)
        return Int(info)
    }
    static func orgqr(m: Int, n: Int, k: Int, a: inout [Double], tau: [Double]) -> Int {
        var m32 = ref(m), n32 = ref(n), k32 = ref(k), lda = ref(Swift.max(1, m)), info: Int32 = 0, lwork: Int32 = -1
        var query: Double = 0
        var tau = tau
        dorgqr_(&m32, &n32, &k32, &a, &lda, &tau, &query, &lwork, &info)
        var work = [Double](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        dorgqr_(&m32, &n32, &k32, &a, &lda, &tau, &work, &lwork, &info)
        return Int(info)
    }
    static func geev(vectors: Bool, n: Int, a: inout [Double], wr: inout [Double], wi: inout [Double], vr: inout [Double]) -> Int {
        var jobvl = char("N"), jobvr = char(vectors ? "V" : "N")
        var n32 = ref(n), lda = ref(Swift.max(1, n)), ldvl: Int32 = 1, ldvr = ref(Swift.max(1, n))
        var info: Int32 = 0, lwork: Int32 = -1, query: Double = 0, vl: Double = 0
        dgeev_(&jobvl, &jobvr, &n32, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &query, &lwork, &info)
        var work = [Double](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        dgeev_(&jobvl, &jobvr, &n32, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &work, &lwork, &info)
        return Int(info)
    }
    static func syevd(vectors: Bool, lower: Bool, n: Int, a: inout [Double], w: inout [Double]) -> Int {
        var jobz = char(vectors ? "V" : "N"), uplo = char(lower ? "L" : "U")
        var n32 = ref(n), lda = ref(Swift.max(1, n)), info: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
        var query: Double = 0, iquery: Int32 = 0
        dsyevd_(&jobz, &uplo, &n32, &a, &lda, &w, &query, &lwork, &iquery, &liwork, &info)
        var work = [Double](repeating: 0, count: Swift.max(1, Int(query)))
        var iwork = [Int32](repeating: 0, count: Swift.max(1, Int(iquery)))
        lwork = ref(work.count); liwork = ref(iwork.count)
        dsyevd_(&jobz, &uplo, &n32, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        return Int(info)
    }
    static func gesdd(job: Character, m: Int, n: Int, a: inout [Double], s: inout [Double], u: inout [Double], ldu: Int,
                      vt: inout [Double], ldvt: Int) -> Int {
        var jobz = char(job), m32 = ref(m), n32 = ref(n), lda = ref(Swift.max(1, m))
        var ldu32 = ref(Swift.max(1, ldu)), ldvt32 = ref(Swift.max(1, ldvt))
        var info: Int32 = 0, lwork: Int32 = -1, query: Double = 0
        var iwork = [Int32](repeating: 0, count: Swift.max(1, 8 * Swift.min(m, n)))
        dgesdd_(&jobz, &m32, &n32, &a, &lda, &s, &u, &ldu32, &vt, &ldvt32, &query, &lwork, &iwork, &info)
        var work = [Double](repeating: 0, count: Swift.max(1, Int(query)))
        lwork = ref(work.count)
        dgesdd_(&jobz, &m32, &n32, &a, &lda, &s, &u, &ldu32, &vt, &ldvt32, &work, &lwork, &iwork, &info)
        return Int(info)
    }
    static func gelsd(m: Int, n: Int, rhs: Int, a: inout [Double], b: inout [Double], ldb: Int, s: inout [Double],
                      rcond: Double, rank: inout Int) -> Int {
        var m32 = ref(m), n32 = ref(n), nrhs = ref(rhs), lda = ref(Swift.max(1, m)), ldb32 = ref(Swift.max(1, ldb))
        var rc = rcond, rank32: Int32 = 0, info: Int32 = 0, lwork: Int32 = -1, query: Double = 0, iquery: Int32 = 0
        dgelsd_(&m32, &n32, &nrhs, &a, &lda, &b, &ldb32, &s, &rc, &rank32, &query, &lwork, &iquery, &info)
        var work = [Double](repeating: 0, count: Swift.max(1, Int(query)))
        var iwork = [Int32](repeating: 0, count: Swift.max(1, Int(iquery)))
        lwork = ref(work.count)
        dgelsd_(&m32, &n32, &nrhs, &a, &lda, &b, &ldb32, &s, &rc, &rank32, &work, &lwork, &iwork, &info)
        rank = Int(rank32)
        return Int(info)
    }
}
