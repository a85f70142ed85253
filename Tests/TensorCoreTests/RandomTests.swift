import XCTest
@testable import TensorCore

/// Expected values are PyTorch's CPU generator output for the same seeds.
final class RandomTests: XCTestCase {
    private let plain = PrintOptions()

    func testRandMatchesPyTorch() throws {
        RandomSource.manualSeed(0)
        XCTAssertEqual(try NDArray.rand([3], dtype: .float32).formatted(options: plain), "tensor([0.4963, 0.7682, 0.0885])")
        RandomSource.manualSeed(0)
        XCTAssertEqual(try NDArray.rand([2, 3], dtype: .float32).formatted(options: plain),
                       "tensor([[0.4963, 0.7682, 0.0885],\n        [0.1320, 0.3074, 0.6341]])")
        RandomSource.manualSeed(42)
        XCTAssertEqual(try NDArray.rand([3], dtype: .float32).formatted(options: plain), "tensor([0.8823, 0.9150, 0.3829])")
    }

    func testRandnMatchesPyTorch() throws {
        RandomSource.manualSeed(0)
        XCTAssertEqual(try NDArray.randn([3], dtype: .float32).formatted(options: plain), "tensor([ 1.5410, -0.2934, -2.1788])")
        RandomSource.manualSeed(42)
        XCTAssertEqual(try NDArray.randn([2, 3], dtype: .float32).formatted(options: plain),
                       "tensor([[ 0.3367,  0.1288,  0.2345],\n        [ 0.2303, -1.1229, -0.1863]])")
        // 16 or more elements take the block Box–Muller path.
        RandomSource.manualSeed(0)
        XCTAssertEqual(try NDArray.randn([4, 4], dtype: .float32).formatted(options: plain), """
            tensor([[-1.1258, -1.1524, -0.2506, -0.4339],
                    [ 0.8487,  0.6920, -0.3160, -2.1152],
                    [ 0.3223, -1.2633,  0.3500,  0.3081],
                    [ 0.1198,  1.2377,  1.1168, -0.2473]])
            """)
    }

    func testRandintMatchesPyTorch() throws {
        RandomSource.manualSeed(0)
        XCTAssertEqual(try NDArray.randint(low: 0, high: 10, [5], dtype: .int64).formatted(options: plain),
                       "tensor([4, 9, 3, 0, 3])")
    }

    func testReproducibleAndSeedQueries() throws {
        XCTAssertEqual(RandomSource.defaultSeed, 67_280_421_310_721)
        RandomSource.manualSeed(7)
        XCTAssertEqual(RandomSource.initialSeed(), 7)
        let a = try NDArray.normal(mean: 2, std: 0.5, [37], dtype: .float64)
        let p = try NDArray.randperm(10, dtype: .int64)
        let r = try NDArray.randint(low: -3, high: 4, [50], dtype: .int64)
        RandomSource.manualSeed(7)
        XCTAssertEqual(try NDArray.normal(mean: 2, std: 0.5, [37], dtype: .float64).doubles, a.doubles)
        XCTAssertEqual(try NDArray.randperm(10, dtype: .int64).doubles, p.doubles)
        XCTAssertEqual(try NDArray.randint(low: -3, high: 4, [50], dtype: .int64).doubles, r.doubles)
        XCTAssertEqual(p.doubles.sorted(), (0..<10).map(Double.init))
        XCTAssertTrue(r.doubles.allSatisfy { $0 >= -3 && $0 < 4 })
    }

    func testDistributionsLookRight() throws {
        RandomSource.manualSeed(1)
        let u = try NDArray.rand([20000], dtype: .float64).doubles
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(u.reduce(0, +) / Double(u.count), 0.5, accuracy: 0.01)
        let z = try NDArray.normal(mean: 3, std: 2, [20001], dtype: .float32).doubles
        let mean = z.reduce(0, +) / Double(z.count)
        let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count)
        XCTAssertEqual(mean, 3, accuracy: 0.05)
        XCTAssertEqual(variance.squareRoot(), 2, accuracy: 0.05)
    }

    func testBernoulli() throws {
        RandomSource.manualSeed(0)
        let half = try NDArray([Float](repeating: 0.5, count: 6), shape: [6])
        // Seed 0's first uniforms are 0.4963, 0.7682, 0.0885, 0.1320, 0.3074, 0.6341.
        XCTAssertEqual(try NDArray.bernoulli(half).doubles, [1, 0, 1, 1, 1, 0])
        let mask = try NDArray(zeros: [10000], dtype: .float32)
        try mask.fillBernoulli(probability: 0.3)
        XCTAssertEqual(mask.doubles.reduce(0, +) / 10000, 0.3, accuracy: 0.02)
        XCTAssertThrowsError(try mask.fillBernoulli(probability: 1.5))
        XCTAssertThrowsError(try NDArray.bernoulli(try NDArray([Float(2)], shape: [1])))
    }

    func testMultinomial() throws {
        let p = try NDArray([Float(0.1), 0.2, 0.7, 0], shape: [4])
        RandomSource.manualSeed(3)
        let draws = try NDArray.multinomial(p, numSamples: 20000, replacement: true).doubles
        XCTAssertFalse(draws.contains(3))
        XCTAssertEqual(Double(draws.filter { $0 == 2 }.count) / 20000, 0.7, accuracy: 0.02)
        XCTAssertEqual(Double(draws.filter { $0 == 0 }.count) / 20000, 0.1, accuracy: 0.02)
        RandomSource.manualSeed(3)
        XCTAssertEqual(try NDArray.multinomial(p, numSamples: 20000, replacement: true).doubles, draws)
        let rows = try NDArray([0.5, 0.5, 0, 0, 0.4, 0.6], shape: [2, 3])
        let distinct = try NDArray.multinomial(rows, numSamples: 2, replacement: false)
        XCTAssertEqual(distinct.shape, [2, 2])
        XCTAssertEqual(Set(distinct.doubles.prefix(2)), [0, 1])
        XCTAssertEqual(Set(distinct.doubles.suffix(2)), [1, 2])
        XCTAssertEqual(try NDArray.multinomial(try NDArray([0.0, 0.0, 1.0], shape: [3]), numSamples: 1, replacement: true).doubles, [2])
        XCTAssertThrowsError(try NDArray.multinomial(try NDArray([0.0, 0.0, 1.0], shape: [3]), numSamples: 2, replacement: false))
        XCTAssertThrowsError(try NDArray.multinomial(p, numSamples: 5, replacement: false))
        XCTAssertThrowsError(try NDArray.multinomial(try NDArray([-1.0, 2.0], shape: [2]), numSamples: 1, replacement: true))
    }

    func testErrors() throws {
        XCTAssertThrowsError(try NDArray.rand([2], dtype: .int64))
        XCTAssertThrowsError(try NDArray.randn([2], dtype: .int64))
        XCTAssertThrowsError(try NDArray.randint(low: 5, high: 5, [2], dtype: .int64))
        XCTAssertThrowsError(try NDArray.normal(mean: 0, std: -1, [2], dtype: .float32))
        XCTAssertThrowsError(try NDArray.randperm(-1, dtype: .int64))
    }
}
