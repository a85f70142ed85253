import Autograd
import Foundation
import TensorCore

/// Facts about dtypes and devices: `torch.finfo`, `torch.iinfo`, and `torch.cuda` /
/// `torch.backends.mps` answering that tcalc has no accelerator (so d2l's `try_gpu()` falls
/// back to the CPU).
enum TorchInfo {
    static func register(_ r: BuiltinRegistry, _ t: TorchTable) {
        r.declareModule("torch.cuda", doc: "CUDA queries: tcalc computes on the CPU, so none is available.")
        r.declareModule("torch.backends", doc: "Backend queries.")
        r.declareModule("torch.backends.mps", doc: "Apple MPS queries: not available in tcalc.")
        t.add("is_available()", .function, module: "torch.cuda", doc: "False: tcalc has no CUDA device.", grad: .notApplicable) { _ in .bool(false) }
        t.add("device_count()", .function, module: "torch.cuda", doc: "0: tcalc has no CUDA device.", grad: .notApplicable) { _ in .int(0) }
        t.add("is_available()", .function, module: "torch.backends.mps", doc: "False: tcalc has no MPS device.", grad: .notApplicable) { _ in .bool(false) }
        t.add("finfo(type=None)", .function, doc: "Numerical limits of a floating dtype (default: the default dtype): eps, max, min, tiny, resolution, bits.", grad: .notApplicable) { a in
            let d = try TorchConvert.dtype(a["type"], function: "finfo") ?? DTypeDefaults.floating
            guard d.isFloatingPoint || d.isComplex else {
                throw PyException.typeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'")
            }
            return .object(FloatInfo(d == .complex64 ? .float32 : d == .complex128 ? .float64 : d))
        }
        t.add("iinfo(type)", .function, doc: "Numerical limits of an integer dtype: max, min, bits.", grad: .notApplicable) { a in
            guard let d = try TorchConvert.dtype(a["type"], function: "iinfo"), d.isInteger else {
                throw PyException.typeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
            }
            return .object(IntInfo(d))
        }
    }
}

/// `torch.finfo(torch.float32)`.
final class FloatInfo: PyObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    var typeName: String { "torch.finfo" }
    var isDouble: Bool { dtype == .float64 }
    var values: [(String, Double)] {
        if isDouble {
            return [("resolution", 1e-15), ("min", -Double.greatestFiniteMagnitude), ("max", Double.greatestFiniteMagnitude),
                    ("eps", Double.ulpOfOne), ("smallest_normal", Double.leastNormalMagnitude), ("tiny", Double.leastNormalMagnitude)]
        }
        return [("resolution", 1e-06), ("min", Double(-Float.greatestFiniteMagnitude)), ("max", Double(Float.greatestFiniteMagnitude)),
                ("eps", Double(Float.ulpOfOne)), ("smallest_normal", Double(Float.leastNormalMagnitude)), ("tiny", Double(Float.leastNormalMagnitude))]
    }
    func repr(_ interp: Interpreter) throws -> String {
        // PyTorch prints these with C's %g (six significant digits).
        let parts = values.map { "\($0.0)=\(String(format: "%g", $0.1))" }
        return "finfo(" + parts.joined(separator: ", ") + ", dtype=\(isDouble ? "float64" : "float32"))"
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let v = values.first(where: { $0.0 == name }) { return .float(v.1) }
        switch name {
        case "bits": return .int(isDouble ? 64 : 32)
        case "dtype": return .str(isDouble ? "float64" : "float32")
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { values.map { $0.0 } + ["bits", "dtype"] }
}

/// `torch.iinfo(torch.int32)`.
final class IntInfo: PyObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    var typeName: String { "torch.iinfo" }
    var bits: Int { dtype.itemSize * 8 }
    var range: (Int, Int) {
        switch dtype {
        case .uint8: return (0, 255)
        case .int8: return (Int(Int8.min), Int(Int8.max))
        case .int16: return (Int(Int16.min), Int(Int16.max))
        case .int32: return (Int(Int32.min), Int(Int32.max))
        default: return (Int(Int64.min), Int(Int64.max))
        }
    }
    var name: String { String(dtype.description.dropFirst("torch.".count)) }
    func repr(_ interp: Interpreter) throws -> String {
        // PyTorch streams the limits as doubles (six significant digits).
        "iinfo(min=\(String(format: "%g", Double(range.0))), max=\(String(format: "%g", Double(range.1))), dtype=\(name))"
    }
    func getAttribute(_ attr: String, _ interp: Interpreter) throws -> Value? {
        switch attr {
        case "min": return .int(range.0)
        case "max": return .int(range.1)
        case "bits": return .int(bits)
        case "dtype": return .str(name)
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["bits", "dtype", "max", "min"] }
}
