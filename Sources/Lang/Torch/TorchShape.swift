import Autograd
import Foundation
import TensorCore

/// Shapes and views (`reshape`, `view`, `permute`, `cat`, …) and indexing functions.
enum TorchShape {
    static func register(_ t: TorchTable) {
        t.add("reshape(input, *args, shape=None)", doc: "The same elements in a new shape (-1 inferred); a view when strides allow, else a copy.", grad: .differentiable) { a in
            .object(try a.tensor().reshaped(try TorchConvert.sizes(a.varArgs, keyword: a["shape"], a.interp, function: "reshape")))
        }
        t.add("view(input, *args, size=None)", .method, doc: "A view with a new shape; fails on non-contiguous data (use reshape).", grad: .differentiable) { a in
            let x = try a.tensor()
            if a.varArgs.count == 1, case .object(let d as DTypeObject) = a.varArgs[0] {
                guard d.dtype == x.dtype else { throw TensorError.runtime("view(dtype) is only supported for the tensor's own dtype in tcalc") }
                return .object(x)
            }
            return .object(try x.viewed(try TorchConvert.sizes(a.varArgs, keyword: a["size"], a.interp, function: "view")))
        }
        t.add("view_as(input, other)", .method, doc: "view(other.shape).", grad: .differentiable) { a in
            .object(try a.tensor().viewed(try a.tensor("other").shape))
        }
        t.add("reshape_as(input, other)", .method, doc: "reshape(other.shape).", grad: .differentiable) { a in
            .object(try a.tensor().reshaped(try a.tensor("other").shape))
        }
        t.add("flatten(input, start_dim=0, end_dim=-1)", doc: "Merges dims start_dim..end_dim into one.", grad: .differentiable) { a in
            .object(try a.tensor().flattened(startDim: try a.int("start_dim"), endDim: try a.int("end_dim")))
        }
        t.add("ravel(input)", doc: "The elements as a 1-d tensor.", grad: .differentiable) { a in
            .object(try a.tensor().flattened(startDim: 0, endDim: -1))
        }
        t.add("unflatten(input, dim, sizes)", doc: "Splits dim into sizes.", grad: .differentiable) { a in
            .object(try a.tensor().unflattened(dim: try a.int("dim"), sizes: try TorchConvert.sizes([a["sizes"]], a.interp, function: "unflatten")))
        }
        t.add("squeeze(input, dim=None)", doc: "Removes dims of size 1 (all, or the given ones).", grad: .differentiable) { a in
            .object(try a.tensor().squeezed(try a.dims(alias: nil)))
        }
        t.add("unsqueeze(input, dim)", doc: "Inserts a dim of size 1 at dim.", grad: .differentiable) { a in
            .object(try a.tensor().unsqueezed(try a.int("dim")))
        }
        t.add("transpose(input, dim0, dim1)", aliases: ["swapaxes", "swapdims"], doc: "Swaps two dims (a view).", grad: .differentiable) { a in
            .object(try a.tensor().transposed(try a.int("dim0"), try a.int("dim1")))
        }
        t.add("t(input)", doc: "Transposes a matrix (0-d and 1-d unchanged).", grad: .differentiable) { a in
            .object(try a.tensor().t())
        }
        t.add("permute(input, *args, dims=None)", doc: "Reorders the dims (a view).", grad: .differentiable) { a in
            .object(try a.tensor().permuted(try TorchConvert.sizes(a.varArgs, keyword: a["dims"], a.interp, function: "permute")))
        }
        t.add("movedim(input, source, destination)", aliases: ["moveaxis"], doc: "Moves dims from source to destination positions.", grad: .differentiable) { a in
            let s = try TorchConvert.dims(a["source"], a.interp, function: "movedim") ?? []
            let d = try TorchConvert.dims(a["destination"], a.interp, function: "movedim") ?? []
            return .object(try a.tensor().movedim(s, d))
        }
        t.add("expand(input, *args, size=None)", .method, doc: "Broadcasts size-1 dims to sizes without copying (-1 keeps a size).", grad: .differentiable) { a in
            .object(try a.tensor().expanded(to: try TorchConvert.sizes(a.varArgs, keyword: a["size"], a.interp, function: "expand")))
        }
        t.add("expand_as(input, other)", .method, doc: "expand(other.shape).", grad: .differentiable) { a in
            .object(try a.tensor().expanded(to: try a.tensor("other").shape))
        }
        t.add("broadcast_to(input, size)", doc: "expand to size.", grad: .differentiable) { a in
            .object(try a.tensor().expanded(to: try TorchConvert.sizes([a["size"]], a.interp, function: "broadcast_to")))
        }
        t.add("narrow(input, dim, start, length)", doc: "length entries of dim from start (a view).", grad: .differentiable) { a in
            .object(try a.tensor().narrowed(dim: try a.int("dim"), start: try a.int("start"), length: try a.int("length")))
        }
        t.add("diagonal(input, offset=0, dim1=0, dim2=1)", doc: "The diagonal of dims dim1, dim2 (a view).", grad: .differentiable) { a in
            .object(try a.tensor().diagonal(offset: try a.int("offset"), dim1: try a.int("dim1"), dim2: try a.int("dim2")))
        }
        for name in ["cat", "concat", "concatenate"] {
            t.add("\(name)(tensors, dim=0, *, axis=None)", .function, doc: "Joins tensors along an existing dim.", grad: .differentiable) { a in
                // dim defaults to 0 (not None), so axis= given alone must not count as a second dim.
                let tensors = try TorchConvert.tensors(a["tensors"], a.interp, function: name)
                let d = a["axis"].isNone ? try a.int("dim") : try a.singleDim("axis", alias: nil) ?? 0
                return .object(try Tensor.cat(tensors, dim: d))
            }
        }
        t.add("stack(tensors, dim=0)", .function, doc: "Joins same-shaped tensors along a new dim.", grad: .differentiable) { a in
            .object(try Tensor.stack(try TorchConvert.tensors(a["tensors"], a.interp, function: "stack"), dim: try a.int("dim")))
        }
        t.add("hstack(tensors)", .function, doc: "Joins along dim 1 (dim 0 for 1-d tensors).", grad: .differentiable) { a in
            let ts = try TorchConvert.tensors(a["tensors"], a.interp, function: "hstack")
            let promoted = try ts.map { $0.rank == 0 ? try $0.reshaped([1]) : $0 }
            return .object(try Tensor.cat(promoted, dim: promoted.allSatisfy { $0.rank == 1 } ? 0 : 1))
        }
        t.add("vstack(tensors)", .function, doc: "Joins along dim 0, making 1-d tensors rows.", grad: .differentiable) { a in
            let ts = try TorchConvert.tensors(a["tensors"], a.interp, function: "vstack")
            let promoted = try ts.map { $0.rank < 2 ? try $0.reshaped([1, $0.count]) : $0 }
            return .object(try Tensor.cat(promoted, dim: 0))
        }
        t.add("split(tensor, split_size_or_sections, dim=0)", doc: "Pieces of split_size (or of the listed sizes) along dim (views).", grad: .differentiable) { a in
            let x = try TorchConvert.tensor(a["tensor"], function: "split", argument: "tensor")
            guard x.rank > 0 else { throw TensorError.runtime("split expects at least a 1-dimensional tensor") }
            let dim = try x.data.normalizedDim(try a.int("dim"))
            let spec = a["split_size_or_sections"]
            var sizes: [Int]
            if let size = try a.interp.asIndex(spec) {
                guard size > 0 || x.shape[dim] == 0 else { throw TensorError.runtime("split_size can only be 0 if dimension size is 0, but got dimension size of \(x.shape[dim])") }
                let n = x.shape[dim]
                sizes = stride(from: 0, to: n, by: max(size, 1)).map { min(size, n - $0) }
                if sizes.isEmpty { sizes = [0] }
            } else {
                sizes = try TorchConvert.sizes([spec], a.interp, function: "split")
            }
            return TorchConvert.tuple(try x.split(sizes: sizes, dim: dim))
        }
        t.add("chunk(input, chunks, dim=0)", doc: "chunks nearly equal pieces along dim (views).", grad: .differentiable) { a in
            let x = try a.tensor()
            guard x.rank > 0 else { throw TensorError.runtime("chunk expects at least a 1-dimensional tensor") }
            let chunks = try a.int("chunks")
            guard chunks > 0 else { throw TensorError.runtime("chunk expects `chunks` to be greater than 0, got: \(chunks)") }
            // More chunks than elements give one piece per element (the same split size), so
            // only an empty dim yields `chunks` pieces: check that count against the memory cap.
            let size = x.shape[try x.data.normalizedDim(try a.int("dim"))]
            if size == 0 { try TorchComposite.checkAllocation(chunks, itemSize: 256) }
            return TorchConvert.tuple(try x.chunk(size == 0 ? chunks : min(chunks, size), dim: try a.int("dim")))
        }
        t.add("unbind(input, dim=0)", doc: "The slices along dim, as a tuple.", grad: .differentiable) { a in
            TorchConvert.tuple(try a.tensor().unbind(dim: try a.int("dim")))
        }
        t.add("repeat(input, *args, repeats=None)", .method, doc: "Tiles the tensor sizes times along each dim (a copy).", grad: .differentiable) { a in
            .object(try a.tensor().repeated(try TorchConvert.sizes(a.varArgs, keyword: a["repeats"], a.interp, function: "repeat")))
        }
        t.add("tile(input, dims)", doc: "Like repeat, padding dims with 1 on the left.", grad: .differentiable) { a in
            .object(try a.tensor().tiled(try TorchConvert.sizes([a["dims"]], a.interp, function: "tile")))
        }
        t.add("flip(input, *args, dims=None)", doc: "Reverses the order along dims (a copy).", grad: .differentiable) { a in
            .object(try a.tensor().flipped(try TorchConvert.sizes(a.varArgs, keyword: a["dims"], a.interp, function: "flip")))
        }
        t.add("fliplr(input)", doc: "flip(1).", grad: .differentiable) { a in .object(try a.tensor().flipped([1])) }
        t.add("flipud(input)", doc: "flip(0).", grad: .differentiable) { a in .object(try a.tensor().flipped([0])) }
        t.add("roll(input, shifts, dims=None)", doc: "Rotates elements along dims (flattened when dims is None).", grad: .differentiable) { a in
            let x = try a.tensor()
            let shifts = try TorchConvert.dims(a["shifts"], a.interp, function: "roll") ?? []
            if let dims = try TorchConvert.dims(a["dims"], a.interp, function: "roll") {
                return .object(try x.rolled(shifts: shifts, dims: dims))
            }
            let flat = try x.flattened(startDim: 0, endDim: -1)
            return .object(try flat.rolled(shifts: shifts, dims: [0]).reshaped(x.shape))
        }
        t.add("tril(input, diagonal=0)", doc: "The lower triangle (others zero).", grad: .differentiable) { a in
            .object(try a.tensor().tril(try a.int("diagonal")))
        }
        t.add("triu(input, diagonal=0)", doc: "The upper triangle (others zero).", grad: .differentiable) { a in
            .object(try a.tensor().triu(try a.int("diagonal")))
        }
        t.add("diag(input, diagonal=0)", doc: "A 1-d tensor as a diagonal matrix, or a matrix's diagonal.", grad: .differentiable) { a in
            .object(try a.tensor().diagEmbedOrExtract(try a.int("diagonal")))
        }
        t.add("clone(input)", doc: "A copy with its own storage (recorded for autograd).", grad: .differentiable) { a in
            .object(try a.tensor().clone())
        }
        t.add("contiguous(input)", .method, doc: "self when contiguous, else a contiguous copy.", grad: .differentiable) { a in
            .object(try a.tensor().contiguous())
        }
        registerIndexing(t)
        registerInPlaceViews(t)
    }

    /// `x.unsqueeze_(0)`, `x.t_()`, …: the tensor itself takes the new shape and strides over the
    /// same storage. A tensor that requires grad while recording has no such path in tcalc.
    static func registerInPlaceViews(_ t: TorchTable) {
        func reshapeInPlace(_ a: BoundArguments, _ name: String, _ make: (NDArray) throws -> NDArray) throws -> Value {
            let x = try a.tensor()
            if GradMode.isEnabled && x.requiresGrad {
                throw TensorError(.notImplemented, "tcalc does not support the in-place view operation \(name)() on a tensor that requires grad; use x = x.\(name.dropLast())(...) instead")
            }
            x.setData(try make(x.data))
            return .object(x)
        }
        t.add("squeeze_(input, dim=None)", .method, doc: "In place: removes dims of size 1 (all, or the given ones).", grad: .notDifferentiable) { a in
            let dims = try a.dims(alias: nil)
            return try reshapeInPlace(a, "squeeze_") { try $0.squeezed(dims) }
        }
        t.add("unsqueeze_(input, dim)", .method, doc: "In place: inserts a dim of size 1 at dim.", grad: .notDifferentiable) { a in
            let d = try a.int("dim")
            return try reshapeInPlace(a, "unsqueeze_") { try $0.unsqueezed(d) }
        }
        t.add("transpose_(input, dim0, dim1)", .method, aliases: ["swapaxes_", "swapdims_"], doc: "In place: swaps two dims.", grad: .notDifferentiable) { a in
            let d0 = try a.int("dim0"), d1 = try a.int("dim1")
            return try reshapeInPlace(a, "transpose_") { try $0.transposed(d0, d1) }
        }
        t.add("t_(input)", .method, doc: "In place: transposes a matrix (0-d and 1-d unchanged).", grad: .notDifferentiable) { a in
            let x = try a.tensor()
            guard x.rank <= 2 else {
                throw TensorError.runtime("t_() expects a tensor with <= 2 dimensions, but self is \(x.rank)D")
            }
            return try reshapeInPlace(a, "t_") { $0.rank < 2 ? $0 : try $0.transposed(0, 1) }
        }
        t.add("fill_diagonal_(input, fill_value, wrap=False)", .method, doc: "In place: fill_value on the main diagonal (all dims equal, or a matrix).", grad: .differentiable) { a in
            let x = try a.tensor()
            guard x.rank >= 2 else { throw TensorError.runtime("dimensions must larger than 1") }
            if x.rank > 2, Set(x.shape).count != 1 { throw TensorError.runtime("all dimensions of input must be of equal length") }
            let value = try TorchCreation.scalarArg(a, "fill_value")
            var n = x.shape.min() ?? 0
            if x.rank == 2, try a.bool("wrap"), x.shape[0] > x.shape[1] {
                // wrap: the diagonal restarts after each block of (columns + 1) rows.
                var rows: [Int64] = [], cols: [Int64] = []
                var r = 0
                while r < x.shape[0] {
                    for j in 0..<x.shape[1] where r + j < x.shape[0] { rows.append(Int64(r + j)); cols.append(Int64(j)) }
                    r += x.shape[1] + 1
                }
                try x.assign([.array(try NDArray(rows, shape: [rows.count])), .array(try NDArray(cols, shape: [cols.count]))], .scalar(value))
                return .object(x)
            }
            if x.shape.contains(0) { n = 0 }
            let idx = try NDArray((0..<Int64(n)).map { $0 }, shape: [n])
            try x.assign(Array(repeating: IndexItem.array(idx), count: x.rank), .scalar(value))
            return .object(x)
        }
    }

    static func registerIndexing(_ t: TorchTable) {
        t.add("index_select(input, dim, index)", doc: "The entries of index along dim.", grad: .differentiable) { a in
            .object(try a.tensor().indexSelect(dim: try a.int("dim"), index: try a.tensor("index")))
        }
        t.add("gather(input, dim, index)", doc: "out[i][j] = input[index[i][j]][j] (for dim 0), and so on.", grad: .differentiable) { a in
            .object(try a.tensor().gather(dim: try a.int("dim"), index: try a.tensor("index")))
        }
        t.add("scatter(input, dim, index, src=None, value=None, *, reduce=None)", doc: "A copy of input with src (or value) written at index along dim.", grad: .differentiable) { a in
            let src: TensorOperand = a["src"].isNone ? try a.operand("value") : try a.operand("src")
            return .object(try a.tensor().scatter(dim: try a.int("dim"), index: try a.tensor("index"), src: src, reduce: try a.optionalString("reduce")))
        }
        t.add("index_add(input, dim, index, source)", doc: "A copy of input with source added at index along dim.", grad: .differentiable) { a in
            .object(try a.tensor().indexAdd(dim: try a.int("dim"), index: try a.tensor("index"), source: try a.tensor("source")))
        }
        t.add("masked_fill(input, mask, value)", doc: "A copy of input with value where mask is True.", grad: .differentiable) { a in
            .object(try a.tensor().maskedFill(try a.tensor("mask"), try TorchCreation.scalarArg(a, "value")))
        }
        t.add("masked_fill_(input, mask, value)", .method, doc: "In place: value where mask is True.", grad: .differentiable) { a in
            let x = try a.tensor()
            try x.assign([.array(try a.tensor("mask").data.expanded(to: x.shape))], .scalar(try TorchCreation.scalarArg(a, "value")))
            return .object(x)
        }
        t.add("masked_select(input, mask)", doc: "The elements where mask is True, as a 1-d tensor.", grad: .differentiable) { a in
            let x = try a.tensor(), m = try a.tensor("mask")
            let shape = try NDArray.broadcastShapes(x.shape, m.shape)
            return .object(try x.expanded(to: shape).subscripted([.array(try m.data.expanded(to: shape))]))
        }
        t.add("nonzero(input, *, as_tuple=False)", doc: "Indices of nonzero elements, one row each (or a tuple of index tensors).", grad: .notDifferentiable) { a in
            let nz = try a.tensor().nonzero()
            if try a.bool("as_tuple") { return TorchConvert.tuple(try nz.unbind(dim: 1)) }
            return .object(nz)
        }
        t.add("argwhere(input)", doc: "Indices of nonzero elements, one row each.", grad: .notDifferentiable) { a in
            .object(try a.tensor().nonzero())
        }
        t.add("take(input, index)", doc: "Elements of the flattened input at index.", grad: .differentiable) { a in
            .object(try a.tensor().take(try a.tensor("index")))
        }
    }
}
