import Foundation

/// Time as the database stores it: whole microseconds since 1970 in a BIGINT, the one
/// representation SQLite and PostgreSQL compare and sort the same way.
enum Clock {
    static func nowMicros() -> Int {
        Int(Date().timeIntervalSince1970 * 1_000_000)
    }

    static func micros(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970 * 1_000_000)
    }

    static func date(micros: Int) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}
