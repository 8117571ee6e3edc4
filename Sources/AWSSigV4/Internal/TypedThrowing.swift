/// Standard-library `withUnsafe…` methods still rethrow `any Error`; these keep `SigV4Error` typed
/// across them.
extension Array where Element == UInt8 {
    @inline(__always)
    func withRawBytes<Result>(_ body: (UnsafeRawBufferPointer) throws(SigV4Error) -> Result) throws(SigV4Error) -> Result {
        let outcome = withUnsafeBytes { raw in Swift.Result { () throws(SigV4Error) -> Result in try body(raw) } }
        return try outcome.get()
    }
}

extension String {
    @inline(__always)
    mutating func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws(SigV4Error) -> Result) throws(SigV4Error) -> Result {
        let outcome = withUTF8 { bytes in Swift.Result { () throws(SigV4Error) -> Result in try body(bytes) } }
        return try outcome.get()
    }
}
