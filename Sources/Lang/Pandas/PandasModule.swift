import Autograd
import Foundation
import Frames
import TensorCore

/// `import pandas as pd`: read_csv, DataFrame/Series methods with pandas' names, get_dummies,
/// and NumPy's file formats (`save`, `load`, `savez`).
public enum PandasModule {
    public static func register(_ r: BuiltinRegistry) {
        r.declareModule("pandas", doc: "Data frames: read_csv, get_dummies, DataFrame and Series with pandas' printing.")
        r.registerType(PyType("DataFrame", qualifiedName: "pandas.DataFrame"), as: "pandas.DataFrame")
        r.registerType(PyType("Series", qualifiedName: "pandas.Series"), as: "pandas.Series")
        PandasErrors.register(r)
        registerFunctions(r)
        registerFrameMethods(r)
        registerSeriesMethods(r)
        registerNumPyFiles(r)
    }

    static func frame(_ v: Value, _ function: String) throws -> DataFrame {
        if case .object(let f as DataFrameObject) = v { return f.frame }
        throw PyException.typeError("\(function)(): expected a DataFrame, got \(v.typeName)")
    }

    static func series(_ v: Value, _ function: String) throws -> Series {
        if case .object(let s as SeriesObject) = v { return s.series }
        throw PyException.typeError("\(function)(): expected a Series, got \(v.typeName)")
    }

    static func registerFunctions(_ r: BuiltinRegistry) {
        r.add(["pandas.read_csv", "read_csv"],
              "read_csv(filepath_or_buffer, sep=',', header='infer', names=None, na_values=None, keep_default_na=True, usecols=None, nrows=None)",
              doc: "Reads a CSV file into a DataFrame, inferring int64/float64/bool/object columns and pandas' missing values.") { a in
            var o = CSVReadOptions()
            o.separator = try a.string("sep")
            if !a["names"].isNone { o.names = try PandasConvert.strings(a["names"], a.interp) }
            // pandas' 'infer': the first row holds the names, unless names= gives them.
            if case .str("infer") = a["header"] { o.header = o.names == nil ? 0 : nil } else { o.header = try a.optionalInt("header") }
            o.keepDefaultNA = try a.bool("keep_default_na")
            if !a["na_values"].isNone { o.naValues = try PandasConvert.strings(a["na_values"], a.interp) }
            if !a["usecols"].isNone {
                let items = try a.interp.iterate(a["usecols"])
                if items.allSatisfy({ if case .int = $0 { return true }; return false }) {
                    o.useColumnPositions = try items.map { try a.interp.asIndex($0) ?? 0 }
                } else {
                    o.useColumns = try PandasConvert.strings(a["usecols"], a.interp)
                }
            }
            o.rowLimit = try a.optionalInt("nrows")
            let path = try a.string("filepath_or_buffer")
            return .object(DataFrameObject(try PandasConvert.run { try DataFrame.readCSV(path: path, options: o) }))
        }
        r.add(["pandas.get_dummies"], "get_dummies(data, prefix=None, prefix_sep='_', dummy_na=False, columns=None, dtype=None)",
              doc: "One indicator column per category of the text columns (or of columns=), named column_value, plus column_nan with dummy_na.") { a in
            let dtype = try PandasConvert.dtype(a["dtype"], function: "get_dummies") ?? .bool
            let sep = try a.string("prefix_sep")
            let dummyNA = try a.bool("dummy_na")
            if case .object(let s as SeriesObject) = a["data"] {
                return .object(DataFrameObject(try PandasConvert.run { try Dummies.encode(s.series, dummyNA: dummyNA, dtype: dtype) }))
            }
            let f = try frame(a["data"], "get_dummies")
            let columns = a["columns"].isNone ? nil : try PandasConvert.strings(a["columns"], a.interp)
            return .object(DataFrameObject(try PandasConvert.run {
                try Dummies.encode(f, dummyNA: dummyNA, columns: columns, dtype: dtype, prefixSeparator: sep)
            }))
        }
        r.add(["pandas.DataFrame"], "DataFrame(data=None, columns=None)",
              doc: "A frame from a dict of column lists (or a list of row lists with columns=).") { a in
            var pairs: [(String, Column)] = []
            switch a["data"] {
            case .none: break
            case .dict(let d):
                for (k, v) in d.entries {
                    guard case .str(let name) = k else { throw PyException.typeError("DataFrame(): column names must be str") }
                    pairs.append((name, try column(v, a.interp)))
                }
            case .list, .tuple:
                let rows = try a.interp.iterate(a["data"]).map { try a.interp.iterate($0) }
                let names = a["columns"].isNone ? (0..<(rows.first?.count ?? 0)).map(String.init) : try PandasConvert.strings(a["columns"], a.interp)
                for (k, name) in names.enumerated() {
                    pairs.append((name, Column.inferring(try rows.map {
                        guard k < $0.count else { throw PyException.valueError("\(names.count) columns passed, passed data had \($0.count) columns") }
                        return try PandasConvert.frameValue($0[k], a.interp)
                    })))
                }
            default:
                throw PyException.typeError("DataFrame(): data must be a dict or a list of rows, not \(a["data"].typeName)")
            }
            return .object(DataFrameObject(try PandasConvert.run { try DataFrame(columns: pairs) }))
        }
        r.add(["pandas.Series"], "Series(data=None, name=None)", doc: "A series from a list (or tensor) of values.") { a in
            let values = a["data"].isNone ? Column.empty(.float64) : try column(a["data"], a.interp)
            return .object(SeriesObject(Series(name: try a.optionalString("name"), values: values)))
        }
        r.add(["pandas.concat"], "concat(objs, axis=0)", doc: "Joins frames below each other (axis=0) or side by side (axis=1).") { a in
            let frames = try a.interp.iterate(a["objs"]).map { try frame($0, "concat") }
            let axis = try a.int("axis")
            return .object(DataFrameObject(try PandasConvert.run {
                axis == 0 ? try DataFrame.concatenating(rows: frames) : try DataFrame.concatenating(columns: frames)
            }))
        }
        r.add(["pandas.isna", "pandas.isnull"], "isna(obj)", doc: "True where values are missing.") { a in
            switch a["obj"] {
            case .object(let f as DataFrameObject): return .object(DataFrameObject(f.frame.isna()))
            case .object(let s as SeriesObject): return .object(SeriesObject(s.series.isna()))
            case let v: return .bool(try PandasConvert.frameValue(v, a.interp).isMissing)
            }
        }
    }

    /// A column from a list, tuple, tensor or Series.
    static func column(_ v: Value, _ interp: Interpreter) throws -> Column {
        if case .object(let s as SeriesObject) = v { return s.series.values }
        if case .object(let t as Tensor) = v {
            return Column.inferring(try t.data.scalars.map { try PandasConvert.frameValue(TorchConvert.value($0), interp) })
        }
        return Column.inferring(try interp.iterate(v).map { try PandasConvert.frameValue($0, interp) })
    }

    static func registerFrameMethods(_ r: BuiltinRegistry) {
        func m(_ signature: String, _ doc: String, _ body: @escaping (BoundArguments, DataFrame) throws -> Value) {
            let name = String(signature.prefix { $0 != "(" })
            r.add(["DataFrame.\(name)"], signature, doc: doc) { a in
                try PandasConvert.run { try body(a, try frame(a["self"], name)) }
            }
        }
        m("head(self, n=5)", "The first n rows.") { a, f in .object(DataFrameObject(f.head(try a.int("n")))) }
        m("tail(self, n=5)", "The last n rows.") { a, f in .object(DataFrameObject(f.tail(try a.int("n")))) }
        for red in Reduction.allCases {
            m("\(red.rawValue)(self, skipna=True, numeric_only=False)", "The \(red.rawValue) of each column, skipping missing values.") { a, f in
                .object(SeriesObject(try f.reduce(red, skipna: try a.bool("skipna"), numericOnly: try a.bool("numeric_only"))))
            }
        }
        m("describe(self)", "count, mean, std, min, quartiles and max of the numeric columns.") { _, f in .object(DataFrameObject(try f.describe())) }
        m("isna(self)", "True where values are missing.") { _, f in .object(DataFrameObject(f.isna())) }
        m("isnull(self)", "True where values are missing (alias of isna).") { _, f in .object(DataFrameObject(f.isna())) }
        m("notna(self)", "True where values are present.") { _, f in .object(DataFrameObject(f.notna())) }
        m("fillna(self, value)", "Missing values replaced by value, or per column by a Series such as df.mean().") { a, f in
            if case .object(let s as SeriesObject) = a["value"] { return .object(DataFrameObject(f.fillna(s.series))) }
            return .object(DataFrameObject(f.fillna(try PandasConvert.frameValue(a["value"], a.interp))))
        }
        m("dropna(self, axis=0, how='any')", "Rows (axis=0) or columns (axis=1) with missing values dropped.") { a, f in
            .object(DataFrameObject(try f.dropna(axis: try a.int("axis"), how: try a.string("how"))))
        }
        m("astype(self, dtype)", "Every column converted to dtype (or per column with a dict).") { a, f in
            if case .dict(let d) = a["dtype"] {
                let pairs: [(String, FrameDType)] = try d.entries.map { k, v in
                    guard case .str(let name) = k, let t = try PandasConvert.dtype(v, function: "astype") else {
                        throw PyException.typeError("astype(): expected {column: dtype}")
                    }
                    return (name, t)
                }
                return .object(DataFrameObject(try f.astype(pairs)))
            }
            guard let t = try PandasConvert.dtype(a["dtype"], function: "astype") else { throw PyException.typeError("astype(): dtype is required") }
            return .object(DataFrameObject(try f.astype(t)))
        }
        m("to_numpy(self, dtype=None)", "The values as a NumPy ndarray: float64 for dtype=float.") { a, f in
            .object(NumPyArray(try f.toNDArray(dtype: try PandasConvert.dtype(a["dtype"], function: "to_numpy"))))
        }
        m("to_csv(self, path_or_buf=None, index=True, sep=',')", "Writes the frame as CSV to a path, or returns the text when no path is given.") { a, f in
            let index = try a.bool("index"), sep = try a.string("sep")
            guard let path = try a.optionalString("path_or_buf") else { return .str(f.csvText(index: index, separator: sep)) }
            try f.writeCSV(path: path, index: index, separator: sep)
            return .none
        }
        m("drop(self, columns=None)", "The frame without the given columns.") { a, f in
            .object(DataFrameObject(try f.dropping(columns: try PandasConvert.strings(a["columns"], a.interp))))
        }
        m("reset_index(self, drop=False)", "The frame with a fresh RangeIndex (tcalc: drop=True only).") { a, f in
            .object(DataFrameObject(f.resettingIndex()))
        }
        m("copy(self)", "An independent copy.") { _, f in .object(DataFrameObject(f)) }
    }

    static func registerSeriesMethods(_ r: BuiltinRegistry) {
        func m(_ signature: String, _ doc: String, _ body: @escaping (BoundArguments, Series) throws -> Value) {
            let name = String(signature.prefix { $0 != "(" })
            r.add(["Series.\(name)"], signature, doc: doc) { a in
                try PandasConvert.run { try body(a, try series(a["self"], name)) }
            }
        }
        for red in Reduction.allCases {
            m("\(red.rawValue)(self, skipna=True)", "The \(red.rawValue) of the values, skipping missing ones.") { a, s in
                PandasConvert.value(try s.reduce(red, skipna: try a.bool("skipna")))
            }
        }
        m("head(self, n=5)", "The first n values.") { a, s in .object(SeriesObject(s.head(try a.int("n")))) }
        m("tail(self, n=5)", "The last n values.") { a, s in .object(SeriesObject(s.tail(try a.int("n")))) }
        m("isna(self)", "True where values are missing.") { _, s in .object(SeriesObject(s.isna())) }
        m("notna(self)", "True where values are present.") { _, s in .object(SeriesObject(s.notna())) }
        m("fillna(self, value)", "Missing values replaced by value.") { a, s in
            .object(SeriesObject(s.fillna(try PandasConvert.frameValue(a["value"], a.interp))))
        }
        m("dropna(self)", "The values that are not missing.") { _, s in .object(SeriesObject(s.dropna())) }
        m("astype(self, dtype)", "The values converted to dtype.") { a, s in
            guard let t = try PandasConvert.dtype(a["dtype"], function: "astype") else { throw PyException.typeError("astype(): dtype is required") }
            return .object(SeriesObject(try s.astype(t)))
        }
        m("to_numpy(self, dtype=None)", "The values as a 1-d NumPy ndarray: float64 for dtype=float.") { a, s in
            .object(NumPyArray(try s.toNDArray(dtype: try PandasConvert.dtype(a["dtype"], function: "to_numpy"))))
        }
        m("value_counts(self)", "How often each value occurs, most frequent first.") { _, s in .object(SeriesObject(s.valueCounts())) }
        m("describe(self)", "count, mean, std, min, quartiles and max.") { _, s in .object(SeriesObject(try s.describe())) }
        m("tolist(self)", "The values as a Python list.") { _, s in .list(PyList(s.values.values.map(PandasConvert.value))) }
    }

    static func registerNumPyFiles(_ r: BuiltinRegistry) {
        r.add(["save"], "save(file, arr)", doc: "Writes a tensor as a NumPy .npy file (np.load reads it).") { a in
            let t = try TorchConvert.tensor(a["arr"], function: "save", argument: "arr")
            _ = try PandasConvert.run { try NumPyFiles.save(path: try a.string("file"), array: t.data) }
            return .none
        }
        /// savez/savez_compressed: positional tensors are named arr_0, arr_1, … as NumPy names them.
        func archive(_ a: BoundArguments, compressed: Bool) throws -> Value {
            var arrays: [(String, NDArray)] = []
            for (i, v) in a.varArgs.enumerated() { arrays.append(("arr_\(i)", try TorchConvert.tensor(v, function: a.builtin.name, argument: "args").data)) }
            for (k, v) in a.varKeywords { arrays.append((k, try TorchConvert.tensor(v, function: a.builtin.name, argument: k).data)) }
            _ = try PandasConvert.run { try NumPyFiles.savez(path: try a.string("file"), arrays: arrays, compressed: compressed) }
            return .none
        }
        r.add(["savez"], "savez(file, *args, **kwds)", doc: "Writes tensors into a NumPy .npz archive (names from the keywords, arr_0… otherwise).") { a in
            try archive(a, compressed: false)
        }
        r.add(["savez_compressed"], "savez_compressed(file, *args, **kwds)", doc: "Like savez, with deflate compression.") { a in
            try archive(a, compressed: true)
        }
        r.add(["load"], "load(file)", doc: "Reads a .npy file as a tensor, or a .npz archive as a dict of tensors.") { a in
            let path = try a.string("file")
            return try PandasConvert.run {
                if NumPyFiles.isArchive(path: path) {
                    let d = PyDict()
                    for (name, array) in try NumPyFiles.loadArchive(path: path) { try d.set(.str(name), .object(Tensor(array))) }
                    return .dict(d)
                }
                return .object(Tensor(try NumPyFiles.load(path: path)))
            }
        }
    }
}
