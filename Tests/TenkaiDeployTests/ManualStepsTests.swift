import Tenkai
import TenkaiCore
import TenkaiDeploy
import TenkaiStacks
import TestSupport
import Testing
import Foundation

/// Budgets filtered on the system tag count nothing until the tag is activated for cost
/// allocation: deploy learns that step from the templates, and an account-wide budget has none.
@Suite struct ManualStepsTests {
    static func templates(_ system: System, _ environment: String) throws -> [Template] {
        let config = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/\(environment).yaml"))
        return try Resolver.resolve(system, in: config).stacks.map(\.template)
    }

    @Test func aSystemTagBudgetAsksForTheCostAllocationTag() throws {
        let steps = ManualSteps.collect(from: try Self.templates(crm, "prod"))
        #expect(steps.count == 1)
        #expect(steps.first?.contains("cost allocation tag 'tenkai:system'") == true)
        #expect(steps.first?.contains("crm-prod-monthly") == true)
    }

    @Test func anAccountBudgetNeedsNoStepAndHasNoTagFilter() throws {
        let system = System("budgets") { env in
            Stack("main") { Budget("monthly", limitUSD: 100).scope(.account).notify(email: "ops@example.com") }
        }
        let config = EnvironmentConfig(name: "dev", tier: .development, account: "111111111111", region: "ap-northeast-1", multiAZ: false, domain: "example.com")
        let template = try Resolver.resolve(system, in: config).stacks[0].template
        #expect(ManualSteps.collect(from: [template]).isEmpty)
        #expect(template.resources["MonthlyBudget"]?.properties["Budget"]?[path: "CostFilters"] == nil)
    }
}
