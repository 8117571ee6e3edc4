import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Feeds a request body to libcurl piece by piece: from memory, or from a file slice read with
/// `pread` so the file is never loaded whole.
struct RequestSource {
    private let body: HTTPRequestBody
    private var position: UInt64 = 0
    private var descriptor: Int32 = -1

    init(body: HTTPRequestBody) {
        self.body = body
    }

    mutating func open() throws {
        guard case .file(let slice) = body, descriptor < 0 else { return }
        descriptor = Glibc.open(slice.url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw HTTPTransportError(.fileAccess, "cannot open \(slice.url.path) to upload it: \(String(cString: strerror(errno)))")
        }
    }

    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    mutating func seek(to offset: UInt64) throws {
        guard offset <= body.count else {
            throw HTTPTransportError(.fileAccess, "cannot rewind the request body to \(offset)")
        }
        position = offset
    }

    /// Copies the next bytes into `buffer`; 0 means the body is complete.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPTransportError) -> Int {
        let remaining = body.count - position
        let wanted = Int(min(UInt64(buffer.count), remaining))
        guard wanted > 0, let base = buffer.baseAddress else { return 0 }
        switch body {
        case .empty:
            return 0
        case .data(let data):
            let start = data.startIndex + Int(position)
            data.copyBytes(to: base.assumingMemoryBound(to: UInt8.self), from: start..<(start + wanted))
            position += UInt64(wanted)
            return wanted
        case .file(let slice):
            let got = pread(descriptor, base, wanted, off_t(slice.offset + position))
            guard got > 0 else {
                let reason = got == 0 ? "the file is shorter than expected" : String(cString: strerror(errno))
                throw HTTPTransportError(.fileAccess, "cannot read \(slice.url.path) to upload it: \(reason)")
            }
            position += UInt64(got)
            return got
        }
    }
}
