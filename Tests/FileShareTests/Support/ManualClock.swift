import Foundation
import Synchronization
@testable import FileShare

/// A clock that stands still until a test moves it, so time-outs are tested without sleeping.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(start: Date = Date()) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var appClock: AppClock { AppClock { self.now } }
}
