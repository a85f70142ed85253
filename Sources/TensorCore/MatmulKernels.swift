import COpenBLAS
import Foundation

/// `Float` and `Double`: the element types BLAS and LAPACK compute in. Each requirement is one
/// BLAS routine, so that the algorithms above them are written once, generically.
protocol BLASReal: BinaryFloatingPoint, Element {
    static func gemm(transA: Bool, transB: Bool, m: Int32, n: Int32, k: Int32,
                     a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
                     c: UnsafeMutablePointer<Self>, ldc: Int32)
    static func gemv(trans: Bool, m: Int32, n: Int32, a: UnsafePointer<Self>, lda: Int32,
                     x: UnsafePointer<Self>, incx: Int32, y: UnsafeMutablePointer<Self>, incy: Int32)
    static func dot(n: Int32, x: UnsafePointer<Self>, incx: Int32, y: UnsafePointer<Self>, incy: Int32) -> Self
}

private func transpose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Float: BLASReal {
    static func gemm(transA: Bool, transB: Bool, m: Int32, n: Int32, k: Int32,
                     a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32,
                     c: UnsafeMutablePointer<Float>, ldc: Int32) {
        cblas_sgemm(CblasRowMajor, transpose(transA), transpose(transB), m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
    }
    static func gemv(trans: Bool, m: Int32, n: Int32, a: UnsafePointer<Float>, lda: Int32,
                     x: UnsafePointer<Float>, incx: Int32, y: UnsafeMutablePointer<Float>, incy: Int32) {
        cblas_sgemv(CblasRowMajor, transpose(trans), m, n, 1, a, lda, x, incx, 0, y, incy)
    }
    static func dot(n: Int32, x: UnsafePointer<Float>, incx: Int32, y: UnsafePointer<Float>, incy: Int32) -> Float {
        cblas_sdot(n, x, incx, y, incy)
    }
}

extension Double: BLASReal {
    static func gemm(transA: Bool, transB: Bool, m: Int32, n: Int32, k: Int32,
                     a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
                     c: UnsafeMutablePointer<Double>, ldc: Int32) {
        cblas_dgemm(CblasRowMajor, transpose(transA), transpose(transB), m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
    }
    static func gemv(trans: Bool, m: Int32, n: Int32, a: UnsafePointer<Double>, lda: Int32,
                     x: UnsafePointer<Double>, incx: Int32, y: UnsafeMutablePointer<Double>, incy: Int32) {
        cblas_dgemv(CblasRowMajor, transpose(trans), m, n, 1, a, lda, x, incx, 0, y, incy)
    }
    static func dot(n: Int32, x: UnsafePointer<Double>, incx: Int32, y: UnsafePointer<Double>, incy: Int32) -> Double {
        cblas_ddot(n, x, incx, y, incy)
    }
}

/// How a strided matrix can be handed to row-major BLAS without copying: as itself with a
/// leading dimension, or as the transpose of a row-major matrix. Nil when the strides allow
/// neither (e.g. negative or doubly strided); the caller then copies.
struct BLASLayout {
    let transposed: Bool
    let leading: Int32

    init?(rows: Int, cols: Int, rowStride: Int, colStride: Int) {
        let limit = Int(Int32.max)
        if (cols == 1 || colStride == 1) && (rows == 1 || rowStride >= Swift.max(1, cols)) {
            let ld = rows == 1 ? Swift.max(1, cols) : rowStride
            guard ld <= limit else { return nil }
            transposed = false
            leading = Int32(ld)
            return
        }
        if (rows == 1 || rowStride == 1) && (cols == 1 || colStride >= Swift.max(1, rows)) {
            let ld = cols == 1 ? Swift.max(1, rows) : colStride
            guard ld <= limit else { return nil }
            transposed = true
            leading = Int32(ld)
            return
        }
        return nil
    }
}

/// One matrix product `C = A·B` inside a (possibly batched) matmul: where the operands start
/// in storage and how they are strided. `C` is always contiguous `m×n`.
struct GemmProblem {
    var m: Int, n: Int, k: Int
    var aRowStride: Int, aColStride: Int
    var bRowStride: Int, bColStride: Int
}

enum MatmulKernels {
    /// Runs `count` products with BLAS; `aOffsets`/`bOffsets` are storage offsets (in elements)
    /// of each product's operands, and product `i` writes `c + i*m*n`.
    static func blas<T: BLASReal>(_ type: T.Type, problem p: GemmProblem, a: NDArray, b: NDArray,
                                  aOffsets: [Int], bOffsets: [Int], c: UnsafeMutablePointer<T>) -> Bool {
        guard let la = BLASLayout(rows: p.m, cols: p.k, rowStride: p.aRowStride, colStride: p.aColStride),
              let lb = BLASLayout(rows: p.k, cols: p.n, rowStride: p.bRowStride, colStride: p.bColStride)
        else { return false }
        let aBase = a.storage.pointer.assumingMemoryBound(to: T.self)
        let bBase = b.storage.pointer.assumingMemoryBound(to: T.self)
        let m = Int32(p.m), n = Int32(p.n), k = Int32(p.k)
        for i in 0..<aOffsets.count {
            let out = c + i * p.m * p.n
            let pa = UnsafePointer(aBase + aOffsets[i])
            let pb = UnsafePointer(bBase + bOffsets[i])
            if p.n == 1 {
                // Matrix·vector: gemv skips gemm's packing, which dominates for one column.
                let incx = Int32(p.k == 1 ? 1 : p.bRowStride)
                if incx >= 1 {
                    T.gemv(trans: la.transposed, m: la.transposed ? k : m, n: la.transposed ? m : k,
                           a: pa, lda: la.leading, x: pb, incx: incx, y: out, incy: 1)
                    continue
                }
            }
            T.gemm(transA: la.transposed, transB: lb.transposed, m: m, n: n, k: k,
                   a: pa, lda: la.leading, b: pb, ldb: lb.leading, c: out, ldc: n)
        }
        return true
    }

    /// Complex products through `cgemm`/`zgemm`; elements are pairs of reals in either case, so
    /// the storage is passed untyped. Returns false for strides BLAS cannot express.
    static func complexBLAS(double: Bool, problem p: GemmProblem, a: NDArray, b: NDArray,
                            aOffsets: [Int], bOffsets: [Int], c: UnsafeMutableRawPointer) -> Bool {
        guard let la = BLASLayout(rows: p.m, cols: p.k, rowStride: p.aRowStride, colStride: p.aColStride),
              let lb = BLASLayout(rows: p.k, cols: p.n, rowStride: p.bRowStride, colStride: p.bColStride)
        else { return false }
        let itemSize = double ? 16 : 8
        let m = Int32(p.m), n = Int32(p.n), k = Int32(p.k)
        let ta = transpose(la.transposed), tb = transpose(lb.transposed)
        // alpha = 1 + 0i, beta = 0 + 0i, in the element's precision.
        var alphaD: (Double, Double) = (1, 0), betaD: (Double, Double) = (0, 0)
        var alphaF: (Float, Float) = (1, 0), betaF: (Float, Float) = (0, 0)
        for i in 0..<aOffsets.count {
            let pa = UnsafeRawPointer(a.storage.pointer + aOffsets[i] * itemSize)
            let pb = UnsafeRawPointer(b.storage.pointer + bOffsets[i] * itemSize)
            let out = c + i * p.m * p.n * itemSize
            if double {
                cblas_zgemm(CblasRowMajor, ta, tb, m, n, k, &alphaD, pa, la.leading, pb, lb.leading, &betaD, out, n)
            } else {
                cblas_cgemm(CblasRowMajor, ta, tb, m, n, k, &alphaF, pa, la.leading, pb, lb.leading, &betaF, out, n)
            }
        }
        return true
    }

    /// The same products for integer element types, with wrapping arithmetic as PyTorch's
    /// integer matmul has. The `i, l, j` loop order streams rows of `B` and `C`; large products
    /// split their rows over the cores (each task owns whole rows of `C`).
    static func integer<T: FixedWidthInteger & Element>(_ type: T.Type, problem p: GemmProblem, a: NDArray, b: NDArray,
                                                        aOffsets: [Int], bOffsets: [Int], c: UnsafeMutablePointer<T>) {
        let aBase = a.storage.pointer.assumingMemoryBound(to: T.self)
        let bBase = b.storage.pointer.assumingMemoryBound(to: T.self)
        let work = p.m * p.n * p.k
        let tasks = work >= 1 << 21 ? Swift.min(p.m, 2 * ProcessInfo.processInfo.activeProcessorCount) : 1
        for batch in 0..<aOffsets.count {
            let out = c + batch * p.m * p.n
            let pa = aBase + aOffsets[batch]
            let pb = bBase + bOffsets[batch]
            let rowsPerTask = (p.m + tasks - 1) / Swift.max(tasks, 1)
            let body = { (task: Int) in
                let start = task * rowsPerTask
                let end = Swift.min(p.m, start + rowsPerTask)
                if start >= end { return }
                for i in start..<end {
                    let row = out + i * p.n
                    for l in 0..<p.k {
                        let av: T = pa[i * p.aRowStride + l * p.aColStride]
                        if av == 0 { continue }
                        let bRow = pb + l * p.bRowStride
                        for j in 0..<p.n {
                            row[j] = row[j] &+ av &* bRow[j * p.bColStride]
                        }
                    }
                }
            }
            if tasks > 1 {
                DispatchQueue.concurrentPerform(iterations: tasks, execute: body)
            } else {
                body(0)
            }
        }
    }
}

/// Names PyTorch uses for dtypes in error messages (see also `DType.kernelName`).
enum TorchNames {
    /// The C++ type name PyTorch prints in "expected m1 and m2 to have the same dtype".
    static func cType(_ dtype: DType) -> String {
        switch dtype {
        case .bool: return "bool"
        case .uint8: return "unsigned char"
        case .int8: return "signed char"
        case .int16: return "short int"
        case .int32: return "int"
        case .int64: return "long int"
        case .float32: return "float"
        case .float64: return "double"
        case .complex64: return "c10::complex<float>"
        case .complex128: return "c10::complex<double>"
        }
    }
}
