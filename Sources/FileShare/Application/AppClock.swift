import Foundation

/// Where the service reads the current time for its decisions (session refresh windows, link
/// expiry, password-guessing windows), so tests move time forward instead of sleeping.
///
/// ```swift
/// let services = try await FileShareApp.makeServices(configuration: configuration, logger: logger, clock: .system)
/// ```
public struct AppClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ now: @escaping @Sendable () -> Date) {
        read = now
    }

    public func now() -> Date { read() }

    /// The machine's clock.
    public static let system = AppClock { Date() }
}
