import TenkaiCore

/// The retention periods CloudWatch Logs accepts, checked at synth time rather than at deploy.
enum LogRetention {
    static let allowedDays: [Int] = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]

    /// Whether `days` is accepted; reports an error on the current component when not.
    static func check(_ days: Int, in stack: inout StackContext) -> Bool {
        guard allowedDays.contains(days) else {
            stack.report(.error(
                "log retention of \(days) days is not a period CloudWatch Logs accepts",
                hint: "use one of \(allowedDays.map(String.init).joined(separator: ", "))"))
            return false
        }
        return true
    }
}
