import TenkaiCore

extension Rule {
    /// Log groups do not keep logs forever by accident.
    public static let logRetention = Rule(
        .logRetention, summary: "Log groups have a retention period",
        hint: "set RetentionInDays (components take a logRetention(days:) modifier)"
    ) { subject in
        guard subject.resource.type == "AWS::Logs::LogGroup", subject.properties["RetentionInDays"] == nil else { return [] }
        return ["\(subject.logicalID) keeps its logs forever (no RetentionInDays)"]
    }
}
