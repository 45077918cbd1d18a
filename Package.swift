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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Hummingbird's own: the listening channel's address and the header names.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
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
        // `snapwriter serve`: the live world behind an HTTP API (docs/api.md).
        .target(
            name: "SnapWriterServe",
            dependencies: [
                "SnapWriter",
                "HostBackup",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "SnapWriterCLI",
            dependencies: [
                "SnapWriter",
                "SnapWriterBench",
                "HostBackup",
                "SnapWriterServe",
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
        .testTarget(
            name: "SnapWriterServeTests",
            dependencies: ["SnapWriterServe", "HostBackup", "SnapWriter", "TestSupport"]
        ),
        .testTarget(name: "SnapWriterBenchTests", dependencies: ["SnapWriterBench", "SnapWriter", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
