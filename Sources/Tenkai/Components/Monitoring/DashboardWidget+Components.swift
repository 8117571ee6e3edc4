import TenkaiCore

extension Function {
    /// Invocations, errors and throttles of this function.
    public var dashboardWidget: DashboardWidget {
        DashboardWidget(
            title: "Function \(name)", namespace: "AWS/Lambda", metrics: ["Invocations", "Errors", "Throttles"],
            dimensionName: "FunctionName", dimensionValue: .reference(functionName))
    }
}

extension Table {
    /// Consumed capacity and throttling of this table.
    public var dashboardWidget: DashboardWidget {
        DashboardWidget(
            title: "Table \(name)", namespace: "AWS/DynamoDB",
            metrics: ["ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ReadThrottleEvents", "WriteThrottleEvents"],
            dimensionName: "TableName", dimensionValue: .reference(tableName))
    }
}

extension RestApi {
    /// Requests and errors of this API (all stages).
    public var dashboardWidget: DashboardWidget {
        DashboardWidget(
            title: "API \(name)", namespace: "AWS/ApiGateway", metrics: ["Count", "4XXError", "5XXError"],
            dimensionName: "ApiName", dimensionValue: .resourceName(name))
    }
}
