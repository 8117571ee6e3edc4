import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The CRM's containers against what their images are (``CRMImageSpec``): in every environment's
/// task definition and in the compose file, each container runs a declared image that something
/// builds, publishes exactly its ports, sets exactly the variables it reads (and where it
/// listens, with the declared values), and checks the health path on the health port.
@Suite struct CRMImageSpecTests {
    /// What a container of `spec` must be given: the variables it reads and those saying where it listens.
    static func expectedVariables(_ spec: CRMImageSpec) -> Set<String> { spec.reads.union(spec.listen.keys) }

    static func expectedHealthCheck(_ spec: CRMImageSpec) -> [String]? {
        guard let path = spec.healthPath, let port = spec.ports.first else { return nil }
        return ["CMD-SHELL", "wget -q -O /dev/null http://localhost:\(port)\(path) || exit 1"]
    }

    /// Every text anywhere in `value`, inside functions too.
    static func allStrings(_ value: Value?) -> [String] {
        switch value {
        case .string(let text)?: [text]
        case .list(let items)?: items.flatMap { allStrings($0) }
        case .map(let fields)?: fields.flatMap { allStrings($0.1) }
        case .function(_, let argument)?: allStrings(argument)
        default: []
        }
    }

    @Test("every task container matches its image's spec", arguments: SystemUnderTest.environmentNames)
    func cloud(environment: String) throws {
        let system = try SystemUnderTest.resolve(crm, in: environment)
        let tasks = SystemUnderTest.resources(of: system, type: "AWS::ECS::TaskDefinition")
        let definitions = try #require(tasks.first?.resource.properties["ContainerDefinitions"]?.listValue)
        // Besides the images, the database role's one-shot client (CRMDatabaseRoleTests checks it).
        let roleContainer = "database-role"
        #expect(Set(definitions.compactMap { $0[path: "Name"]?.stringValue }) == Set(CRMImageSpec.all.map(\.name) + [roleContainer]))
        // Every declared image has a repository (its build definition rides on it).
        let repositories = SystemUnderTest.resources(of: system, type: "AWS::ECR::Repository")
        #expect(repositories.count == CRMImageSpec.all.count)

        for definition in definitions where definition[path: "Name"]?.stringValue != roleContainer {
            let name = try #require(definition[path: "Name"]?.stringValue)
            let spec = CRMImageSpec.named(name)
            // The image is the spec's repository.
            let exportSuffix = LogicalID.pascalCase(spec.name) + "RepositoryRepositoryUri"
            #expect(Self.allStrings(definition[path: "Image"]).contains { $0.hasSuffix(exportSuffix) }, "\(name) does not run \(spec.name)")
            let ports = (definition[path: "PortMappings"]?.listValue ?? []).compactMap { $0[path: "ContainerPort"] }
            #expect(ports == spec.ports.map { Value.int($0) }, "\(name): ports")
            var variables: [String: String] = [:]
            for variable in definition[path: "Environment"]?.listValue ?? [] {
                variables[variable[path: "Name"]?.stringValue ?? ""] = variable[path: "Value"]?.stringValue ?? "(reference)"
            }
            let secrets = (definition[path: "Secrets"]?.listValue ?? []).compactMap { $0[path: "Name"]?.stringValue }
            #expect(Set(variables.keys).union(secrets) == Self.expectedVariables(spec), "\(name): variables")
            for (variable, value) in spec.listen { #expect(variables[variable] == value, "\(name): \(variable)") }
            let check = (definition[path: "HealthCheck.Command"]?.listValue ?? []).compactMap(\.stringValue)
            if name == "proxy" {
                // The load balancer checks the proxy, on its port and path.
                let groups = SystemUnderTest.resources(of: system, type: "AWS::ElasticLoadBalancingV2::TargetGroup")
                #expect(!groups.isEmpty)
                for group in groups {
                    #expect(group.resource.properties["HealthCheckPath"] == .string(spec.healthPath ?? ""))
                    #expect(group.resource.properties["Port"] == .int(spec.ports[0]))
                }
            } else {
                #expect((check.isEmpty ? nil : check) == Self.expectedHealthCheck(spec), "\(name): health check")
            }
        }
    }

    @Test("compose builds every CRM image from its declared Dockerfile and wires it like the cloud")
    func compose() throws {
        let (file, _) = try ComposeUnderTest.render(crm)
        let local = try SystemUnderTest.resolve(crm, in: "dev")
        let definitions = try #require(
            SystemUnderTest.resources(of: local, type: "AWS::ECS::TaskDefinition").first?.resource.properties["ContainerDefinitions"]?.listValue)
        let pause = try #require(file.services["api-task"])
        for spec in CRMImageSpec.all {
            let service = try #require(file.services["api-\(spec.name)"], "no compose service for \(spec.name)")
            #expect(service.image?.hasPrefix("crm/\(spec.name):") == true)
            #expect(service.build == .init(context: "../../../../crm-backend/\(spec.context)", dockerfile: "Dockerfile"), "\(spec.name) is not built")
            for port in spec.ports { #expect(pause.ports.contains { $0.hasSuffix(":\(port)") }, "\(spec.name): port \(port) not published") }
            // The same variables as in the cloud; DATABASE_URL is compose's one-string form of the five DATABASE_* ones.
            let expected = Self.expectedVariables(spec)
            #expect(Set(service.environment.keys).subtracting(["DATABASE_URL"]) == expected, "\(spec.name): variables")
            for (variable, value) in spec.listen { #expect(service.environment[variable] == value, "\(spec.name): \(variable)") }
            let cloud = definitions.first { $0[path: "Name"]?.stringValue == spec.name }
            let cloudCheck = (cloud?[path: "HealthCheck.Command"]?.listValue ?? []).compactMap(\.stringValue)
            #expect(service.healthcheck?.test ?? [] == cloudCheck, "\(spec.name): health check differs from the cloud's")
        }
        // No other compose service names a crm/ image that nothing builds.
        for (name, service) in file.services where service.image?.hasPrefix("crm/") == true {
            #expect(service.build != nil, "\(name) names \(service.image ?? "") but nothing builds it")
        }
    }
}
