import Foundation
import TestSupport
import Testing

/// `tenkai` starts in a few milliseconds because of what it does not load; these checks keep it so.
@Suite struct StartupDependenciesTests {
    /// The modules linked into the `tenkai` executable.
    static let cliModules = [
        "Sources/Hashing", "Sources/TenkaiCore", "Sources/Tenkai", "Stacks", "Sources/AWSSigV4", "Sources/AWSClient",
        "Sources/TenkaiDeploy", "Sources/TenkaiImage", "Sources/TenkaiCost", "Sources/TenkaiDocs", "Sources/TenkaiCLI",
        "Sources/TenkaiTool",
    ]

    @Test func cliModulesUseFoundationEssentialsOnly() throws {
        // corelibs Foundation brings ICU (tens of MB) and thousands of conformance records that
        // every dynamic cast searches; FoundationXML brings libxml2.
        var offenders: [String] = []
        for module in Self.cliModules {
            offenders += try SourceImports.lines(importing: ["Foundation", "FoundationXML", "FoundationNetworking"], in: module)
        }
        #expect(offenders.isEmpty, "use FoundationEssentials instead: \(offenders)")
    }

    @Test func libcurlIsOpenedLazilyNotLinked() throws {
        // Linking libcurl makes the dynamic loader map and relocate ~30 libraries at every start.
        let modulemap = try String(
            contentsOf: ProjectPaths.root.appendingPathComponent("Sources/CCurl/module.modulemap"), encoding: .utf8)
        #expect(!modulemap.contains("link "))
        let manifest = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".systemLibrary(name: "CCurl")"#), "no pkgConfig for CCurl: it would add -lcurl")
    }

    @Test func zlibIsOpenedLazilyNotLinked() throws {
        // Only `tenkai image build` compresses; the other commands should not map libz at start.
        let modulemap = try String(
            contentsOf: ProjectPaths.root.appendingPathComponent("Sources/CZlib/module.modulemap"), encoding: .utf8)
        #expect(!modulemap.contains("link "))
        let manifest = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".systemLibrary(name: "CZlib")"#), "no pkgConfig for CZlib: it would add -lz")
    }
}
