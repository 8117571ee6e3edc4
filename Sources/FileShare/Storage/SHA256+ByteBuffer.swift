import Hashing
import NIOCore

extension SHA256 {
    /// Feeds a buffer's readable bytes, as a file streams through.
    func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { update($0) }
    }
}
