// swift-tools-version:6.0
// tcalc: a terminal calculator for tensors that speaks PyTorch.
//
// The targets form a one-way chain; each `dependencies:` list below is the only
// place a module may reach into another:
//
//   CReadline, COpenBLAS  (system libraries), CKernels (C element kernels)
//   TensorCore  ← Autograd ← Lang ← CLI ← tcalc
//        ↑  ← Frames ← Lang      Syntax ← Lang      Plot ← Lang
//        ↑  ← TorchFiles ← Lang
import Foundation
import PackageDescription

/// The project is written in the Swift 5 language mode: the interpreter is a single-threaded
/// session with process-wide settings (default dtype, print options, grad mode, RNG), and the
/// kernels' parallelism is confined to `DispatchQueue.concurrentPerform` inside TensorCore.
/// docs/architecture.md records the reasoning.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v5),
    .unsafeFlags(["-enforce-exclusivity=unchecked"]),
]

let package = Package(
    name: "tcalc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tcalc", targets: ["tcalc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        // zlib's deflate and CRC-32 for the PNG writer.
        .systemLibrary(name: "CSystemZlib", path: "Sources/CSystemZlib"),
        // Element kernels in C: one source compiled for baseline x86-64 and for AVX2, chosen at
        // run time (see Sources/CKernels/ckernels.c).
        .target(name: "CKernels", path: "Sources/CKernels"),
        .target(
            name: "TensorCore",
            dependencies: ["COpenBLAS", "CKernels", .product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: swiftSettings),
        .target(name: "Autograd", dependencies: ["TensorCore"], swiftSettings: swiftSettings),
        .target(
            name: "Frames",
            dependencies: [
                "TensorCore",
                "CKernels",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        // PyTorch's checkpoint format (zip records + pickle), below the interpreter.
        .target(name: "TorchFiles", dependencies: ["TensorCore"], swiftSettings: swiftSettings),
        .target(name: "Plot", dependencies: ["CSystemZlib", "CKernels"], swiftSettings: swiftSettings),
        .target(name: "Syntax", swiftSettings: swiftSettings),
        .target(
            name: "Lang",
            dependencies: ["Syntax", "TensorCore", "Autograd", "Frames", "TorchFiles", "Plot", "BigInt"],
            swiftSettings: swiftSettings),
        .target(
            name: "CLI",
            dependencies: ["Lang", "CReadline"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "tcalc",
            dependencies: ["CLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "Lang"], swiftSettings: swiftSettings),
        .testTarget(name: "FramesTests", dependencies: ["Frames"], swiftSettings: swiftSettings),
        .testTarget(name: "TorchFilesTests", dependencies: ["TorchFiles"], swiftSettings: swiftSettings),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "CSystemZlib"], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(name: "SyntaxTests", dependencies: ["Syntax"], swiftSettings: swiftSettings),
        .testTarget(name: "LangTests", dependencies: ["Lang"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CLITests", dependencies: ["CLI", "tcalc"],
            resources: [], swiftSettings: swiftSettings),
    ]
)

// The libFuzzer target (Fuzz/TcalcFuzz) exists only when scripts/fuzz builds it, with
// TCALC_FUZZ=1 and -sanitize=fuzzer,address in a build directory of its own: the normal build
// and test never compile or link it.
if ProcessInfo.processInfo.environment["TCALC_FUZZ"] != nil {
    package.targets.append(.executableTarget(
        name: "tcalc-fuzz", dependencies: ["Lang", "Autograd", "TensorCore"], path: "Fuzz/TcalcFuzz",
        swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]))
}
