extension ComponentTree {
    /// A CloudWatch metric a component exposes: what an alarm or a dashboard can watch it on.
    public struct Metric: Sendable, Hashable {
        /// One `Name`/`Value` pair that picks the component's resource out of the namespace.
        public struct Dimension: Sendable, Hashable {
            public var name: String
            /// A name known before deploy (`"shop-dev-api"`), or a `Ref`/`Fn::GetAtt` of the
            /// resource's logical ID (unique in the system; the tree's resources say its stack),
            /// which only the deployed stack turns into a value.
            public var value: Value

            public init(name: String, value: Value) {
                self.name = name
                self.value = value
            }

            /// The logical ID the value references, if it is not known before deploy.
            public var logicalID: String? { value.referencedLogicalID }
        }

        /// `AWS/Lambda`.
        public var namespace: String
        /// `Errors`.
        public var name: String
        public var dimensions: [Dimension]
        /// `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p99`.
        public var statistic: String
        public var periodSeconds: Int

        public init(namespace: String, name: String, dimensions: [Dimension], statistic: String, periodSeconds: Int) {
            self.namespace = namespace
            self.name = name
            self.dimensions = dimensions
            self.statistic = statistic
            self.periodSeconds = periodSeconds
        }
    }
}

// MARK: - Writing and reading

extension ComponentTree.Metric {
    var value: Value {
        [
            "namespace": .string(namespace),
            "name": .string(name),
            "dimensions": .list(dimensions.map { ["name": .string($0.name), "value": $0.value] }),
            "statistic": .string(statistic),
            "periodSeconds": .int(periodSeconds),
        ]
    }

    init(reading reader: ValueReader) throws(TenkaiError) {
        namespace = try reader.string("namespace")
        name = try reader.string("name")
        dimensions = try reader.list("dimensions").map { (item) throws(TenkaiError) -> Dimension in
            let value = try item.value("value")
            switch value {
            case .string, .function: return Dimension(name: try item.string("name"), value: value)
            default: throw item.error("'value' must be a string or a Ref/Fn::GetAtt")
            }
        }
        statistic = try reader.string("statistic")
        periodSeconds = try reader.int("periodSeconds")
        guard periodSeconds > 0 else { throw reader.error("'periodSeconds' must be positive") }
    }
}
