import Foundation
import SQLKit

extension LoginRateLimiter {
    /// Forgets every failed guess at `account`, from every address and for everyone together, so a
    /// locked secret opens at once (an owner's unlock). Taken under the same lock as the guesses,
    /// so a guess in flight is either cleared with the rest or counted after. Returns how many
    /// failures were recorded for everyone (still inside the window or not).
    func clearFailures(account: String) async throws -> Int {
        let everyone = "*|" + account.lowercased()
        let perAddress = "%|" + account.lowercased()
        return try await database.exclusively("guesses:" + everyone) { sql in
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM login_failures WHERE key = \(bind: everyone)").first()?.int("n") ?? 0
            try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: everyone) OR key LIKE \(bind: perAddress)").run()
            return count
        }
    }
}
