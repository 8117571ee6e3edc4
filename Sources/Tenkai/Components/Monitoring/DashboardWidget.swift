import TenkaiCore

/// One graph of a ``ServerlessDashboard``: metrics of one namespace for one resource.
public struct DashboardWidget: Sendable, Hashable {
    /// The resource the metrics are about.
    public enum DimensionValue: Sendable, Hashable {
        /// A resource whose `Ref` (or attribute) is the dimension value.
        case reference(Reference)
        /// A physical name `<system>-<env>-<name>` known before deploy.
        case resourceName(String)
    }

    public var title: String
    public var namespace: String
    public var metrics: [String]
    public var dimensionName: String
    public var dimensionValue: DimensionValue
    public var statistic = "Sum"

    public init(title: String, namespace: String, metrics: [String], dimensionName: String, dimensionValue: DimensionValue) {
        self.title = title
        self.namespace = namespace
        self.metrics = metrics
        self.dimensionName = dimensionName
        self.dimensionValue = dimensionValue
    }
}
