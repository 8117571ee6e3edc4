import Tenkai
import TenkaiCore
import Testing

@Suite struct ListBuilderTests {
    @Test func ifElseSwitchAndForAllWorkInsideBodies() throws {
        let system = System("shop") { env in
            Stack("queues") {
                Fixtures.queue("always")
                if env.isProduction { Fixtures.queue("prod-only") }
                if env.tier == .development { Fixtures.queue("dev-branch") } else { Fixtures.queue("other-branch") }
                switch env.tier {
                case .development: Fixtures.queue("switch-dev")
                case .staging: Fixtures.queue("switch-stg")
                case .production: Fixtures.queue("switch-prod")
                }
                for index in 1...3 { Fixtures.queue("numbered-\(index)") }
            }
            if env.isProduction {
                Stack("audit") { Fixtures.queue("audit") }
            }
        }
        let dev = try Fixtures.resolve(system)
        #expect(dev.stacks.map(\.name) == ["queues"])
        #expect(
            Set(dev.stacks[0].template.resources.keys)
                == ["Always", "DevBranch", "SwitchDev", "Numbered1", "Numbered2", "Numbered3"])

        let prod = try Fixtures.resolve(system, in: Fixtures.prod)
        #expect(prod.stacks.map(\.name) == ["queues", "audit"])
        #expect(prod.stacks[0].template.resources["ProdOnly"] != nil)
        #expect(prod.stacks[0].template.resources["OtherBranch"] != nil)
        #expect(prod.stacks[0].template.resources["SwitchProd"] != nil)
        #expect(prod.stacks[0].template.resources["DevBranch"] == nil)
    }
}
