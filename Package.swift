// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SnapWriter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "snapwriter", targets: ["SnapWriterCLI"]),
        .library(name: "SnapWriter", targets: ["SnapWriter"]),
        .library(name: "HostBackup", targets: ["HostBackup"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "CFuse",
            linkerSettings: [.linkedLibrary("fuse3")]
        ),
        .target(
            name: "SnapWriter",
            dependencies: ["CFuse", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "SnapWriterBench",
            dependencies: ["SnapWriter", "CFuse"]
        ),
        .target(
            name: "HostBackup",
            dependencies: [
                "SnapWriter",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "SnapWriterCLI",
            dependencies: [
                "SnapWriter",
                "SnapWriterBench",
                "HostBackup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What every test target shares: waiting for a condition instead of a fixed time.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "SnapWriterTests",
            dependencies: ["SnapWriter", "CFuse", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "HostBackupTests",
            dependencies: ["HostBackup", "SnapWriter", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "SnapWriterBenchTests", dependencies: ["SnapWriterBench", "SnapWriter", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
