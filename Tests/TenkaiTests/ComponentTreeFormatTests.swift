import Foundation
import Tenkai
import TenkaiCore
import Testing

/// components.json: what the tree writes reads back the same, a tree written before components
/// listed their metrics still reads, and a malformed metric is refused with where it is.
@Suite struct ComponentTreeFormatTests {
    static let metric = ComponentTree.Metric(
        namespace: "AWS/Lambda", name: "Errors",
        dimensions: [.init(name: "FunctionName", value: .ref("JobsFunction")), .init(name: "Resource", value: "shop-dev-jobs")],
        statistic: "Sum", periodSeconds: 300)

    static let tree = ComponentTree(system: "shop", environment: "dev", components: [
        ComponentTree.Component(
            path: "shop/app/jobs", kinds: ["Function"], stack: "app",
            resources: [ComponentTree.Resource(logicalID: "JobsFunction", type: "AWS::Lambda::Function")],
            alarms: [ComponentTree.Alarm(stack: "app", logicalID: "JobsFunctionErrorsAlarm", metric: "AWS/Lambda Errors")],
            metrics: [metric])
    ])

    /// The tree rendered as synth writes it, then read as deploy reads it.
    private func roundTrip(_ text: String) throws -> ComponentTree {
        try ComponentTree(reading: try JSONReader.read(Array(text.utf8), file: "components.json"), file: "components.json")
    }

    private var written: String { String(decoding: JSONRenderer.render(Self.tree.value), as: UTF8.self) }

    @Test func metricsReadBackAsWritten() throws {
        #expect(written.contains(#""periodSeconds": 300"#))
        let read = try roundTrip(written)
        #expect(read == Self.tree)
        #expect(read.component("shop/app/jobs")?.metrics.first?.dimensions.map(\.logicalID) == ["JobsFunction", nil])
    }

    @Test func aTreeWrittenBeforeMetricsReadsAsComponentsWithoutMetrics() throws {
        var old = Self.tree
        old.components[0].metrics = []
        var fields = try #require(old.value.fieldsValue)
        let components = try #require(fields["components"]?.listValue).map { component in
            Value.map(Fields(try #require(component.fieldsValue).filter { $0.key != "metrics" }.map { ($0.key, $0.value) }))
        }
        fields["components"] = .list(components)
        let text = String(decoding: JSONRenderer.render(.map(fields)), as: UTF8.self)
        #expect(!text.contains("metrics"))
        #expect(try roundTrip(text) == old)
    }

    @Test(arguments: [
        (#""periodSeconds": 300"#, #""periodSeconds": 0"#, "periodSeconds"),
        (#""value": "shop-dev-jobs""#, #""value": 42"#, "components[0].metrics[0].dimensions[1]"),
        (#""statistic": "Sum","#, "", "'statistic' is missing"),
    ])
    func aMalformedMetricIsRefusedWithItsPlace(original: String, replacement: String, expected: String) throws {
        #expect(written.contains(original))
        #expect { try roundTrip(written.replacingOccurrences(of: original, with: replacement)) } throws: { error in
            "\(error)".contains(expected) && "\(error)".contains("components.json")
        }
    }
}
