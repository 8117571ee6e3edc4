import TenkaiCore

/// The usage figures of one system in one environment: the environment file's `usage` map over
/// the defaults, remembering which figures the estimate read so it can print them all.
struct UsageFigures {
    private let given: [String: Double]
    private(set) var used: [String: (value: Double, origin: Assumption.Origin, usedBy: Set<String>)] = [:]

    init(_ given: [String: Double]) {
        self.given = given
    }

    /// The figure for `key` as it applies to the component named `component` (its own override
    /// `key.component` first, then `key`, then the default).
    mutating func value(_ key: UsageKey, for componentPath: String) -> Double {
        let name = String(componentPath.split(separator: "/").last ?? Substring(componentPath))
        let specific = "\(key.rawValue).\(name)"
        let (figure, value, origin): (String, Double, Assumption.Origin) =
            if let value = given[specific] { (specific, value, .environment) }
            else if let value = given[key.rawValue] { (key.rawValue, value, .environment) }
            else { (key.rawValue, key.defaultValue, .default) }
        used[figure, default: (value, origin, [])].usedBy.insert(componentPath)
        return value
    }

    /// The figures read, sorted by name.
    var assumptions: [Assumption] {
        used.keys.sorted().map { name in
            let entry = used[name]!
            let key = UsageKey.parse(name)!.key
            return Assumption(name: name, value: entry.value, meaning: key.meaning, origin: entry.origin, usedBy: entry.usedBy.sorted())
        }
    }
}
