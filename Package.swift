// swift-tools-version:6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 strictness, explicit `any`, and no warnings.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

/// `TENKAI_WITHOUT_APP=1 swift test` leaves the app service (and Hummingbird, jwt-kit, the SQL
/// drivers) out, so work on the IaC and AWS modules builds and tests fast. CI builds everything.
let withApp = Context.environment["TENKAI_WITHOUT_APP"] == nil

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "Tenkai",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tenkai", targets: ["TenkaiTool"]),
        .executable(name: "tenkai-bench", targets: ["TenkaiBench"]),
        .executable(name: "fileshare", targets: ["FileShareServer"]),
        .library(name: "Tenkai", targets: ["Tenkai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
    ],
    targets: [
        // MARK: - System libraries (Debian: libcurl4-openssl-dev, libyaml-dev, libssl-dev)
        // libcurl: headers only, no pkg-config (it would link -lcurl); AWSClient opens the library
        // with dlopen on the first request so commands that never call AWS start faster.
        .systemLibrary(name: "CCurl"),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib"),  // zlib1g-dev: headers only; TenkaiImage opens libz.so.1 with dlopen

        // MARK: - Infrastructure as code
        .target(name: "Hashing", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "TenkaiCore", dependencies: ["CYAML", "Hashing"], swiftSettings: strict),
        .target(name: "Tenkai", dependencies: ["TenkaiCore"], swiftSettings: strict),
        .target(name: "TenkaiStacks", dependencies: ["Tenkai"], path: "Stacks", exclude: ["StampRally/functions"], swiftSettings: strict),

        // MARK: - AWS
        .target(name: "AWSSigV4", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "AWSClient", dependencies: ["AWSSigV4", "CCurl"], swiftSettings: strict),

        // MARK: - Images (built without a docker daemon, pushed through the registry API)
        .target(name: "TenkaiImage", dependencies: ["AWSClient", "Hashing", "CZlib"], swiftSettings: strict),

        // MARK: - Deploying and the command line
        .target(name: "TenkaiDeploy", dependencies: ["TenkaiCore", "AWSClient"], swiftSettings: strict),
        // Monthly cost estimates from cloud assemblies and a price sheet (pricing/<region>.json).
        .target(name: "TenkaiCost", dependencies: ["TenkaiCore"], swiftSettings: strict),
        // The operator's manual of a system, written from its cloud assembly.
        .target(name: "TenkaiDocs", dependencies: ["Tenkai", "TenkaiCore", "TenkaiCost"], swiftSettings: strict),
        // The command line, for any package's systems: the executable passes them in.
        .target(
            name: "TenkaiCLI", dependencies: ["Tenkai", "TenkaiDeploy", "TenkaiImage", "TenkaiCost", "TenkaiDocs", argumentParser],
            swiftSettings: strict),
        .executableTarget(name: "TenkaiTool", dependencies: ["TenkaiCLI", "TenkaiStacks"], swiftSettings: strict),
        // `tenkai` with one small system moto deploys whole, for the test that runs the CI workflows' commands.
        .executableTarget(name: "TenkaiPipelineFixture", dependencies: ["TenkaiCLI"], path: "Tests/PipelineFixture", swiftSettings: strict),
        // Benchmarks README reports, out of the user-facing binary.
        .executableTarget(
            name: "TenkaiBench",
            dependencies: ["TenkaiCLI", "TenkaiStacks", "TenkaiDeploy", "AWSSigV4", argumentParser],
            swiftSettings: strict
        ),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: [], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "TenkaiTests", dependencies: ["Tenkai", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "TenkaiStacksTests",
            dependencies: ["TenkaiStacks", "TenkaiCLI", "TestSupport"],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AWSSigV4Tests",
            dependencies: ["AWSSigV4", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "AWSClientTests", dependencies: ["AWSClient", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TenkaiImageTests", dependencies: ["TenkaiImage", "Tenkai", "TenkaiStacks", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "TenkaiCostTests", dependencies: ["TenkaiCost", "TenkaiDocs", "Tenkai", "TenkaiStacks", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "TenkaiDeployTests", dependencies: ["TenkaiDeploy", "Tenkai", "TenkaiStacks", "TestSupport"], swiftSettings: strict),
    ]
)

if withApp {
    package.targets += [
        // MARK: - The file-sharing app service (kept out of the Tenkai modules' dependencies)
        .target(
            name: "FileShare",
            dependencies: [
                "AWSClient", "AWSSigV4", "COpenSSL", "Hashing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FileShareServer",
            dependencies: ["FileShare", argumentParser],
            exclude: ["Dockerfile"],
            swiftSettings: strict
        ),

        .testTarget(
            name: "FileShareTests",
            dependencies: [
                "FileShare", "TestSupport", "TenkaiStacks",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Browser"],
            swiftSettings: strict
        ),
    ]
} else {
    package.products.removeAll { $0.name == "fileshare" }
}
