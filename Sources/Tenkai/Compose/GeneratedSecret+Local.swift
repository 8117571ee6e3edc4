import Hashing
import TenkaiCore

extension GeneratedSecret: LocallyRunnable {
    /// A fixed, visibly local value of the same length (derived from the name, so compose files
    /// stay the same from run to run).
    public func provideLocally(into compose: inout ComposeContext) {
        let seed = "local-only-\(name)-" + SHA256.hex(Array(name.utf8)) + SHA256.hex(Array((name + "+").utf8))
        compose.publish(value, as: String(seed.prefix(max(length, 16))))
    }
}
