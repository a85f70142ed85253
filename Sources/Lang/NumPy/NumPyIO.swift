import Frames
import Foundation
import TensorCore

/// `np.save`, `np.savez`, `np.savez_compressed` and `np.load` over Frames' `.npy`/`.npz` code
/// (the same files tcalc's own `save`/`load` write and read, and NumPy's).
enum NumPyIO {
    static func register(_ t: NumPyTable) {
        t.add("save(file, arr)", .function, doc: "Writes an array as a .npy file ('.npy' is appended when missing).") { a in
            let x = try a.ndarray("arr")
            _ = try PandasConvert.run { try NumPyFiles.save(path: try a.string("file"), array: x) }
            return .none
        }
        func archive(_ a: BoundArguments, compressed: Bool) throws -> Value {
            var arrays: [(String, NDArray)] = []
            for (i, v) in a.varArgs.enumerated() { arrays.append(("arr_\(i)", try NumPyConvert.array(v, dtype: nil, a.interp))) }
            for (k, v) in a.varKeywords { arrays.append((k, try NumPyConvert.array(v, dtype: nil, a.interp))) }
            _ = try PandasConvert.run { try NumPyFiles.savez(path: try a.string("file"), arrays: arrays, compressed: compressed) }
            return .none
        }
        t.add("savez(file, *args, **kwds)", .function, doc: "Writes arrays into a .npz archive (keyword names, arr_0… for positional ones).") { a in
            try archive(a, compressed: false)
        }
        t.add("savez_compressed(file, *args, **kwds)", .function, doc: "Like savez, with deflate compression.") { a in
            try archive(a, compressed: true)
        }
        t.add("load(file)", .function, doc: "Reads a .npy file as an array, or a .npz archive as a mapping of names to arrays.") { a in
            let path = try a.string("file")
            return try PandasConvert.run {
                if NumPyFiles.isArchive(path: path) {
                    return .object(NpzFile(try NumPyFiles.loadArchive(path: path)))
                }
                return .object(NumPyArray(try NumPyFiles.load(path: path)))
            }
        }
        t.add("keys(self)", .function, module: "NpzFile", doc: "The names of the archive's arrays.") { a in
            guard case .object(let f as NpzFile) = a["self"] else { throw PyException.typeError("keys() needs an NpzFile") }
            return .list(PyList(f.entries.map { .str($0.0) }))
        }
    }
}

/// What `np.load` gives for a `.npz` archive: `data['name']`, `data.files`, `'name' in data`,
/// iteration over the names, and `with np.load(...) as data:`.
final class NpzFile: PyObject {
    let entries: [(String, NDArray)]
    init(_ entries: [(String, NDArray)]) { self.entries = entries }
    var typeName: String { "NpzFile" }
    func repr(_ interp: Interpreter) throws -> String { "NpzFile(files=[" + entries.map { "'\($0.0)'" }.joined(separator: ", ") + "])" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "files" ? .list(PyList(entries.map { .str($0.0) })) : nil
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["files"] }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .str(let name) = key, let e = entries.first(where: { $0.0 == name }) else {
            throw PyException.keyError(key)
        }
        return .object(NumPyArray(e.1))
    }
    func length(_ interp: Interpreter) throws -> Int? { entries.count }
    func iterate(_ interp: Interpreter) throws -> [Value]? { entries.map { .str($0.0) } }
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .str(let s) = other else { return false }
        return entries.contains { $0.0 == s }
    }
}
