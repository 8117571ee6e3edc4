import Synchronization
import Tenkai

/// The systems `tenkai` knows: the executable passes them in (``TenkaiCommand/main(systems:)``),
/// so this library works with anyone's systems, not only this repository's.
enum SystemCatalog {
    private static let registered = Mutex<[System]>([])

    static var systems: [System] { registered.withLock { $0 } }

    static func register(_ systems: [System]) { registered.withLock { $0 = systems } }
}
