import Tenkai
import TenkaiCore
import Testing

/// Every compute component takes grants one way, `granting(_:on:)`, and its role holds exactly
/// the statements the target names for that access: nothing without a grant, nothing of
/// another access, nothing of another target.
@Suite struct GrantTests {
    typealias F = ComputeFixtures
    let files = F.Probe(name: "files")
    let keys = F.Probe(name: "keys")

    private func probeStatements(_ resource: Resource?) -> [Value] {
        F.statements(resource).filter { F.actions([$0]).contains { $0.hasPrefix("probe:") } }
    }

    private func expected(_ grants: [(F.Probe, Access)]) -> [Value] {
        grants.map { IAMPolicy.allow(["probe:\($0.1.rawValue)"], on: [.string("arn:aws:probe:::\($0.0.name)")]) }
    }

    @Test func aFunctionWithoutGrantsMayOnlyLogAndTrace() throws {
        let template = try Fixtures.resolve(F.system([F.function()])).stacks[0].template
        let actions = F.actions(F.statements(template.resources["WorkerFunctionRole"]))
        #expect(Set(actions) == ["logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords"])
    }

    @Test func aFunctionsRoleHoldsExactlyItsGrantsInOrder() throws {
        let function = F.function { $0.granting(.read, on: files).granting(.write, on: keys) }
        let role = try Fixtures.resolve(F.system([function])).stacks[0].template.resources["WorkerFunctionRole"]
        #expect(probeStatements(role) == expected([(files, .read), (keys, .write)]))
    }

    @Test func aServiceWithoutGrantsHasATaskRoleWithoutPolicies() throws {
        let service = Service("web", in: F.net) { F.container() }
        let system = F.system([F.net, F.images, service])
        #expect(try Fixtures.resolve(system).stacks[0].template.resources["WebServiceTaskRole"]?.properties["Policies"] == nil)
    }

    @Test func aServicesTaskRoleHoldsItsOwnGrantsThenItsContainers() throws {
        let service = Service("web", in: F.net) { F.container { $0.granting(.readWrite, on: files) } }
            .granting(.read, on: keys)
        let template = try Fixtures.resolve(F.system([F.net, F.images, service])).stacks[0].template
        #expect(probeStatements(template.resources["WebServiceTaskRole"]) == expected([(keys, .read), (files, .readWrite)]))
        #expect(probeStatements(template.resources["WebServiceExecutionRole"]).isEmpty, "grants are the app's, not ECS's")
    }

    @Test func aGrantGivenTwiceIsOneStatement() throws {
        let service = Service("web", in: F.net) { F.container { $0.granting(.read, on: files) } }.granting(.read, on: files)
        let template = try Fixtures.resolve(F.system([F.net, F.images, service])).stacks[0].template
        #expect(probeStatements(template.resources["WebServiceTaskRole"]) == expected([(files, .read)]))
    }

    @Test func appServersWithoutGrantsMayOnlyPullTheirImageAndLog() throws {
        let template = try Fixtures.resolve(F.system(service: Service("web", in: F.net) { F.container() })).stacks[0].template
        let role = try #require(template.resources["WebAppServersRole"])
        #expect(Set(F.actions(F.statements(role))) == [
            "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
            "logs:CreateLogStream", "logs:PutLogEvents",
        ])
    }

    @Test func nothingIsGrantedUntilAsked() {
        #expect(F.container().grants.isEmpty && F.function().grants.isEmpty)
        #expect(Service("web", in: F.net) { F.container() }.grants.isEmpty)
    }

    @Test func appServersHoldTheirOwnGrantsAndTheirContainers() throws {
        let service = Service("web", in: F.net) { F.container { $0.granting(.read, on: files) } }
        let system = F.system(service: service, appServers: { $0.granting(.write, on: keys) })
        let template = try Fixtures.resolve(system).stacks[0].template
        #expect(probeStatements(template.resources["WebAppServersRole"]) == expected([(keys, .write), (files, .read)]))
        #expect(probeStatements(template.resources["WebServiceTaskRole"]) == expected([(files, .read)]),
                "the app servers' own grant stays off the service")
    }

    @Test func aBucketGrantNamesTheBucketAndOnlyTheActionsOfItsAccess() throws {
        let bucket = Bucket("files")
        let reader = F.function { $0.granting(.read, on: bucket) }
        let template = try Fixtures.resolve(F.system([bucket, reader])).stacks[0].template
        let statements = F.statements(template.resources["WorkerFunctionRole"]).filter {
            F.actions([$0]).contains { $0.hasPrefix("s3:") }
        }
        #expect(Set(F.actions(statements)) == ["s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:GetObject", "s3:GetObjectVersion"])
        let resources = statements.flatMap { $0[path: "Resource"]?.listValue ?? [] }
        #expect(resources.allSatisfy { "\($0)".contains("FilesBucket") })
    }
}
