import Tenkai
import TenkaiCore
import Testing

@Suite struct LogicalIDTests {
    @Test(arguments: [
        ("files", "Bucket", "FilesBucket"),
        ("access-logs", "Bucket", "AccessLogsBucket"),
        ("app_db", "Database", "AppDbDatabase"),
        ("main-vpc", "Vpc", "MainVpc"),
        ("web2", "Service", "Web2Service"),
    ])
    func derivedFromTheNameAndKind(name: String, kind: String, expected: String) {
        #expect(LogicalID.make(name, kind: kind) == expected)
    }

    @Test func doNotDependOnDeclarationOrder() throws {
        let forward = System("s") { _ in Stack("data") { Bucket("a"); Bucket("b") } }
        let backward = System("s") { _ in Stack("data") { Bucket("b"); Bucket("a") } }
        let one = try Fixtures.resolve(forward).stacks[0].template
        let other = try Fixtures.resolve(backward).stacks[0].template
        #expect(one == other)
        #expect(JSONRenderer.render(one.value) == JSONRenderer.render(other.value))
    }

    @Test func twoComponentsWithTheSameIDAreAnErrorNamingBoth() {
        let system = System("s") { _ in
            Stack("data") { Bucket("files") }
            Stack("more") { Bucket("files") }
        }
        let errors = Fixtures.errors(system)
        let bucket = errors.first { $0.message.contains("'FilesBucket'") }
        #expect(bucket?.message.contains("(the other is s/data/files)") == true)
        #expect(bucket?.componentPath == "s/more/files")
        #expect(errors.contains { $0.message.contains("'FilesBucketPolicy'") })
    }

    @Test func sameIDInOneStackIsAnError() {
        let system = System("s") { _ in Stack("data") { Bucket("files"); Bucket("files") } }
        let errors = Fixtures.errors(system)
        #expect(errors.contains { $0.message.contains("two components would get the logical ID 'FilesBucket'") })
        #expect(errors.allSatisfy { $0.componentPath == "s/data/files" })
    }
}
