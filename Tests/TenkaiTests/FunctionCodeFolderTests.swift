import Foundation
import Tenkai
import TenkaiCore
import Testing

/// `Function(code: .folder(…))`: the template names the package by its content hash in the
/// bootstrap bucket, and tells deploy which folder that is.
@Suite struct FunctionCodeFolderTests {
    static func system(folder: String) -> System {
        System("sample") { _ in
            Stack("api") {
                Function("collect", runtime: .nodejs22, handler: "index.handler", code: .folder(folder)).logRetention(days: 14)
            }
        }
    }

    @Test func theTemplatePointsAtTheContentHashInTheBootstrapBucket() throws {
        let root = try CodeAssetTests.functionFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("functions/collect").path
        let asset = try CodeAsset(folder: folder, root: root)
        let resolved = try Fixtures.resolve(Self.system(folder: folder))
        let function = try #require(resolved.stack(named: "api")?.template.resources["CollectFunction"])
        #expect(function.properties["Code"] == ["S3Bucket": .sub("tenkai-artifacts-${AWS::AccountId}-${AWS::Region}"), "S3Key": .string(asset.key)])
        #expect(function.metadata[CodeAsset.metadataKey] == ["Folder": .string(folder), "Key": .string(asset.key)])
        // Same files, same template bytes.
        let again = try Fixtures.resolve(Self.system(folder: folder))
        #expect(again.stack(named: "api")?.template == resolved.stack(named: "api")?.template)
    }

    @Test func aMissingFolderIsAnErrorOfTheFunction() throws {
        let problems = Fixtures.errors(Self.system(folder: "/nonexistent/functions/collect"))
        let problem = try #require(problems.first)
        #expect(problem.message.contains("function 'collect': its code folder /nonexistent/functions/collect does not exist"), "\(problem.message)")
        #expect(problem.componentPath?.hasSuffix("collect") == true)
    }
}
