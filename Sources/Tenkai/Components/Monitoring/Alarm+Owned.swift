import TenkaiCore

extension Component {
    /// Adds alarms on this component's own metrics inside the component (its stack, its path,
    /// its suppressions): `<LogicalID><Suffix>Alarm`, where the suffix is what follows
    /// `<name>-` in the alarm's name. `Function`, `Table` and `RestApi` do this for
    /// `.alarms(notify:)` with their ``Alarm``s from `recommendedAlarms()`.
    func addOwnAlarms(_ alarms: [Alarm], notifying topic: Reference, to stack: inout StackContext) {
        for alarm in alarms {
            let suffix = alarm.name.hasPrefix(name + "-") ? String(alarm.name.dropFirst(name.count + 1)) : alarm.name
            alarm.notifying(topic).add(as: part(LogicalID.pascalCase(suffix) + "Alarm").logicalID, to: &stack, order: .metricFirst)
        }
    }
}
