import Foundation
import SQLKit

/// Typed column readers, so row mapping reads as one line per field on SQLite and PostgreSQL alike.
extension SQLRow {
    func string(_ column: String) throws -> String {
        try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : decode(column: column, as: String.self)
    }

    func int(_ column: String) throws -> Int {
        try decode(column: column, as: Int.self)
    }

    func optionalInt(_ column: String) throws -> Int? {
        try decodeNil(column: column) ? nil : decode(column: column, as: Int.self)
    }

    func flag(_ column: String) throws -> Bool {
        try int(column) != 0
    }

    func date(_ column: String) throws -> Date {
        Clock.date(micros: try int(column))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try optionalInt(column).map(Clock.date(micros:))
    }
}
