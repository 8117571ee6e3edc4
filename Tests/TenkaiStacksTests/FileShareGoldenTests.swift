import Foundation
import Testing
import Tenkai
import TestSupport

/// The rendered templates of every stack and environment, byte for byte.
/// Update with `TENKAI_UPDATE_GOLDEN=1`, then review `git diff`.
@Suite struct FileShareGoldenTests {
    @Test(arguments: FileShareFixtures.environmentNames)
    func templatesMatchTheGoldenFiles(environment: String) throws {
        let synthesis = try FileShareFixtures.synthesis(environment)
        #expect(synthesis.stacks.map(\.stack.name).sorted() == FileShareFixtures.stackNames(in: environment).sorted())
        for stack in synthesis.stacks {
            let golden = ProjectPaths.root
                .appendingPathComponent("Tests/TenkaiStacksTests/Golden/fileshare/\(environment)/\(stack.fileName)")
            let difference = Golden.difference(stack.bytes, golden: golden)
            #expect(difference == nil, "\(difference ?? "")")
        }
    }

    @Test func synthesisIsDeterministic() throws {
        let first = try FileShareFixtures.synthesis("prod")
        let second = try FileShareFixtures.synthesis("prod")
        #expect(first.stacks.map(\.bytes) == second.stacks.map(\.bytes))
        #expect(first.manifest == second.manifest)
    }
}
