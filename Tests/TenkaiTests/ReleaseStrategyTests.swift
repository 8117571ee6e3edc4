import Foundation
import TenkaiCore
import Testing
import TestSupport

@Suite struct ReleaseStrategyTests {
    @Test(arguments: [
        ("allAtOnce", ReleaseStrategy.allAtOnce),
        ("blueGreen", .blueGreen),
        ("canary", .canary(percent: 10, bake: .seconds(300))),
        ("linear", .linear(percent: 10, interval: .seconds(60))),
        ("canary 10% for 5m", .canary(percent: 10, bake: .seconds(300))),
        ("canary 25% for 90s", .canary(percent: 25, bake: .seconds(90))),
        ("linear 25% every 2m", .linear(percent: 25, interval: .seconds(120))),
        ("linear  20%  every  1h", .linear(percent: 20, interval: .seconds(3600))),
    ])
    func readsEveryForm(text: String, expected: ReleaseStrategy) throws {
        #expect(try ReleaseStrategy(parsing: text) == expected)
    }

    @Test(arguments: [
        ("canary 0% for 5m", "'0%' is not a traffic share"),
        ("canary 100% for 5m", "'100%' is not a traffic share"),
        ("canary 10 for 5m", "'10' is not a traffic share"),
        ("linear 60% every 1m", "'60%' is not a traffic share"),
        ("canary 10% for 5", "'5' is not a bake time"),
        ("canary 10% for 2d", "'2d' is not a bake time"),
        ("canary 10% for 25h", "'25h' is not a bake time"),
        ("canary 10% every 5m", "'canary 10% every 5m' is not a release strategy"),
        ("bluegreen", "'bluegreen' is not a release strategy"),
        ("", "'' is not a release strategy"),
    ])
    func refusesMalformedForms(text: String, message: String) {
        #expect(throws: ReleaseStrategy.ParseError.self) { try ReleaseStrategy(parsing: text) }
        do {
            _ = try ReleaseStrategy(parsing: text)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func stepsEndAtAHundredPercentWithTheFinalBake() {
        let bake = Duration.seconds(600)
        #expect(ReleaseStrategy.allAtOnce.steps(finalBake: bake) == [.init(greenPercent: 100, bake: .zero)])
        #expect(ReleaseStrategy.blueGreen.steps(finalBake: bake) == [.init(greenPercent: 100, bake: bake)])
        #expect(ReleaseStrategy.defaultCanary.steps(finalBake: bake) == [
            .init(greenPercent: 10, bake: .seconds(300)), .init(greenPercent: 100, bake: bake),
        ])
        #expect(ReleaseStrategy.linear(percent: 30, interval: .seconds(60)).steps(finalBake: bake).map(\.greenPercent) == [30, 60, 90, 100])
    }

    @Test func printsAsWritten() {
        #expect(ReleaseStrategy.defaultCanary.description == "canary 10% for 5m")
        #expect(ReleaseStrategy.linear(percent: 25, interval: .seconds(90)).description == "linear 25% every 90s")
    }

    @Test func anEnvironmentReadsItsReleaseAndPointsAtABadOne() throws {
        let base = """
            name: prod
            tier: production
            account: "012345678901"
            region: ap-northeast-1
            multiAZ: true
            domain: example.com
            approvers:
              - name: pdm
                publicKey: "MCowBQYDK2VwAyEAewZDBlGhb+fjkvkmZa3S1VTSZObOc3xjQ8tJpwfImyw="
            requiredApprovals: 1
            """
        let good = try EnvironmentLoader.parse(Array((base + "\nrelease: linear 25% every 2m\n").utf8), file: "Environments/prod.yaml", expectedName: "prod")
        #expect(good.release == .linear(percent: 25, interval: .seconds(120)))
        let absent = try EnvironmentLoader.parse(Array(base.utf8), file: "Environments/prod.yaml", expectedName: "prod")
        #expect(absent.release == .allAtOnce)

        let error = #expect(throws: TenkaiError.self) {
            try EnvironmentLoader.parse(Array((base + "\nrelease: canary 10% for soon\n").utf8), file: "Environments/prod.yaml", expectedName: "prod")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message == "'release': 'soon' is not a bake time")
        #expect(diagnostic.location?.line == 11)
        #expect(diagnostic.location?.column == 10)
        #expect(diagnostic.hint?.contains("30s, 5m, 1h") == true)
    }

    @Test func theRepositorysEnvironmentsUseValidStrategies() throws {
        let prod = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/prod.yaml"))
        #expect(prod.release == .blueGreen)
    }
}
