import Foundation
import Testing

/// The parameterised suite tests pass vacuously when they find no cases, so the inventory is checked on its own.
/// Every case of the copied suite runs; none is skipped (there is no case for a behaviour this signer lacks:
/// the v4a ECDSA cases were left out of the copy on purpose, see Tests/Data/sigv4-testsuite/README.md).
@Suite("Test suite inventory")
struct SuiteInventoryTests {
    @Test("v4/ has its 38 cases, each with all 10 files")
    func v4Cases() throws {
        #expect(SuiteData.v4CaseNames.count == 38)
        #expect(SuiteData.v4CaseNames.contains("get-vanilla-with-session-token"))
        #expect(SuiteData.v4CaseNames.contains("post-sts-header-after"))
        let files = ["context.json", "request.txt"] + ["header", "query"].flatMap { mode in
            ["canonical-request", "string-to-sign", "signature", "signed-request"].map { "\(mode)-\($0).txt" }
        }
        for name in SuiteData.v4CaseNames {
            let folder = SuiteData.v4.appendingPathComponent(name)
            let present = files.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
            #expect(present == files, "\(name) misses some files")
        }
    }

    @Test("legacy-aws4_testsuite/ has its 34 cases, normalize-path/ and post-sts-token/ included")
    func legacyCases() {
        #expect(SuiteData.legacyCasePaths.count == 34)
        #expect(SuiteData.legacyCasePaths.filter { $0.hasPrefix("normalize-path/") }.count == 8)
        #expect(SuiteData.legacyCasePaths.filter { $0.hasPrefix("post-sts-token/") }.count == 2)
    }
}
