/// Turns the wire path into SigV4's canonical URI, following the configuration's path rules.
enum CanonicalPath {
    /// Appends the canonical URI of `path` to `output`.
    static func append(
        _ path: String,
        normalizing: Bool,
        encoding: SigningConfiguration.PathEncoding,
        to output: inout ByteBuffer
    ) throws(SigV4Error) {
        var path = path
        try path.withUTF8Bytes { (bytes) throws(SigV4Error) in
            guard bytes.isEmpty || bytes[0] == ASCII.slash else {
                throw SigV4Error(code: .invalidPath, message: "the path must start with '/'", context: String(decoding: bytes, as: UTF8.self))
            }
            if encoding == .verbatim { try checkEncoded(bytes) }
            if bytes.isEmpty {
                output.append(ASCII.slash)
            } else if normalizing {
                appendNormalized(bytes, encoding: encoding, to: &output)
            } else {
                appendSegment(bytes, encoding: encoding, to: &output)
            }
        }
    }

    /// Removes `.` and `..` segments and empty segments (`//`), keeping a trailing slash, like
    /// botocore (`posixpath.normpath`) and aws-c-auth do.
    private static func appendNormalized(_ bytes: UnsafeBufferPointer<UInt8>, encoding: SigningConfiguration.PathEncoding, to output: inout ByteBuffer) {
        var kept: [Range<Int>] = []
        var start = 0
        for end in 0...bytes.count where end == bytes.count || bytes[end] == ASCII.slash {
            let length = end - start
            if length == 2 && bytes[start] == ASCII.dot && bytes[start + 1] == ASCII.dot {
                _ = kept.popLast()
            } else if length > 0 && !(length == 1 && bytes[start] == ASCII.dot) {
                kept.append(start..<end)
            }
            start = end + 1
        }
        output.append(ASCII.slash)
        for (index, segment) in kept.enumerated() {
            if index > 0 { output.append(ASCII.slash) }
            appendSegment(UnsafeBufferPointer(rebasing: bytes[segment]), encoding: encoding, to: &output)
        }
        if !kept.isEmpty && bytes[bytes.count - 1] == ASCII.slash { output.append(ASCII.slash) }
    }

    private static func appendSegment(_ bytes: UnsafeBufferPointer<UInt8>, encoding: SigningConfiguration.PathEncoding, to output: inout ByteBuffer) {
        switch encoding {
        case .encodeAgain: PercentEncoding.encode(bytes, keepingSlashes: true, into: &output)
        case .verbatim: output.append(bytes: bytes)
        }
    }

    /// A verbatim path must be exactly what the service decodes and re-encodes: unreserved bytes,
    /// `/` and well-formed `%XX` escapes only.
    private static func checkEncoded(_ bytes: UnsafeBufferPointer<UInt8>) throws(SigV4Error) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.percent {
                guard index + 2 < bytes.count, ASCII.hexValue(bytes[index + 1]) != nil, ASCII.hexValue(bytes[index + 2]) != nil else {
                    throw invalid(bytes, "has a '%' that is not followed by two hex digits", at: index)
                }
                index += 3
                continue
            }
            guard ASCII.isUnreserved(byte) || byte == ASCII.slash else {
                throw invalid(bytes, "is not percent-encoded", at: index)
            }
            index += 1
        }
    }

    private static func invalid(_ bytes: UnsafeBufferPointer<UInt8>, _ problem: String, at index: Int) -> SigV4Error {
        SigV4Error(
            code: .invalidPath,
            message: "the path \(problem) at byte \(index); S3 signs the path verbatim, so encode each key segment with "
                + "SigV4Encoding.percentEncoded(_:keepingSlashes:) first",
            context: String(decoding: bytes, as: UTF8.self)
        )
    }
}
