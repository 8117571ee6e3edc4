import Testing
import Tenkai
import TenkaiCore

/// `Service.migrations(_:container:)`: the migration runs in a container of its own only as the
/// release's migration task; a container the task does not have is an error.
@Suite struct MigrationContainerTests {
    static let net = Network("main", availabilityZones: 2)
    static let images = Repository("images")

    @Test func aMigrationContainerTheTaskLacksIsAnErrorNamingTheContainers() {
        let service = Service("web", in: Self.net) {
            Container("app", image: .repository(Self.images)) { Port(8080, health: "/healthz") }
        }
        .migrations(["migrate", "up"], container: "migrations")
        let found = RuleTestSupport.diagnostics([Self.net, Self.images, service])
        #expect(found.contains {
            $0.severity == .error && $0.message.contains("container 'migrations', which this task does not have") && $0.hint?.contains("app") == true
        })
    }

    @Test func theOutputsNameTheContainerAndTheTaskKeepsItsOwnCommand() throws {
        let service = Service("web", in: Self.net) {
            Container("migrate", image: .repository(Self.images)).essential(false).command(["sh", "-c", "exit 0"])
            Container("app", image: .repository(Self.images)) {
                Port(8080, health: "/healthz")
                StartAfter("migrate", .success)
            }
        }
        .migrations(["migrate", "up"], container: "migrate")
        let template = try Resolver.resolve(RuleTestSupport.system([Self.net, Self.images, service]), in: RuleTestSupport.environment(production: false))
            .stacks[0].template
        #expect(template.outputs["WebServiceReleaseMigration"]?.value == .string(#"["migrate","up"]"#))
        #expect(template.outputs["WebServiceReleaseMigrationContainer"]?.value == "migrate")
        let definitions = template.resources["WebServiceTaskDefinition"]?.properties["ContainerDefinitions"]?.listValue ?? []
        #expect(definitions.first?[path: "Command"] == ["sh", "-c", "exit 0"])

        let plain = Service("web", in: Self.net) { Container("app", image: .repository(Self.images)) }.migrations(["./app", "migrate"])
        let plainTemplate = try Resolver.resolve(RuleTestSupport.system([Self.net, Self.images, plain]), in: RuleTestSupport.environment(production: false))
            .stacks[0].template
        #expect(plainTemplate.outputs["WebServiceReleaseMigrationContainer"] == nil, "without a container the released one runs it")
    }
}
