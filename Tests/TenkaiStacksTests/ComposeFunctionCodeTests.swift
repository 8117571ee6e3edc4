import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// Compose mounts each function's code from the folder its cloud package is made from, and only
/// a folder that exists: a container started on a missing folder would run without code.
@Suite("Compose function code")
struct ComposeFunctionCodeTests {
    @Test("every function container of every system mounts an existing folder holding its handler's module")
    func mountedFoldersExist() throws {
        var mounted = 0
        for system in allSystems {
            let (file, _) = try ComposeUnderTest.render(system)
            for (name, service) in file.services {
                for volume in service.volumes where volume.hasSuffix(":/var/task:ro") {
                    let host = String(volume.dropLast(":/var/task:ro".count))
                    #expect(host.hasPrefix("../../../"), "\(name) mounts \(host)")
                    let folder = ProjectPaths.root.appendingPathComponent(String(host.dropFirst("../../../".count)))
                    let handler = try #require(service.command.first, "\(name) has no handler")
                    let module = handler.split(separator: ".").dropLast().joined(separator: "/") + ".py"
                    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(module).path),
                            "\(system.name)/\(name): \(module) is not in \(folder.path)")
                    mounted += 1
                }
            }
        }
        // The stamp rally's five functions share one package folder.
        #expect(mounted == 5)
        let (stampRallyFile, _) = try ComposeUnderTest.render(stampRally)
        #expect(stampRallyFile.services["collect-stamp"]?.volumes == ["../../../Stacks/StampRally/functions:/var/task:ro"])
        #expect(stampRallyFile.services["collect-stamp"]?.command == ["stamp_rally.collect_stamp.handler"])
        #expect(stampRallyFile.services["collect-stamp"]?.image == "public.ecr.aws/lambda/python:3.13")
    }

    @Test("a function whose code folder does not exist is an error naming the folder and the function")
    func missingFolderIsAnError() throws {
        let system = System("ghost") { _ in
            Stack("app") {
                Function("worker", runtime: .python313, handler: "worker.handler", code: .folder("Stacks/Ghost/functions"))
            }
        }
        var diagnostics: [Diagnostic] = []
        do {
            _ = try ComposeTranslator.translate(system, basedOn: try SystemUnderTest.environment("dev"), projectRoot: "../../..")
        } catch let error as TenkaiError {
            diagnostics = error.diagnostics
        }
        let problem = try #require(diagnostics.first { $0.message.contains("Stacks/Ghost/functions") })
        #expect(problem.message == "the function code folder Stacks/Ghost/functions does not exist")
        #expect(problem.componentPath == "ghost/app/worker")
    }
}
