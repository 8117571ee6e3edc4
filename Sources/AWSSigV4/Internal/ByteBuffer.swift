/// Where the signer's byte-writing helpers append: a `ByteBuffer` on the hot path, a `[UInt8]` elsewhere.
protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        append(contentsOf: bytes)
    }
}

extension ByteSink where Self: ~Copyable {
    @inline(__always)
    mutating func append(_ array: [UInt8]) {
        array.withUnsafeBufferPointer { append(bytes: $0) }
    }

    @inline(__always)
    mutating func append(utf8 string: String) {
        var string = string
        string.withUTF8 { append(bytes: $0) }
    }

    @inline(__always)
    mutating func append(raw bytes: UnsafeRawBufferPointer) {
        append(bytes: bytes.bindMemory(to: UInt8.self))
    }
}

/// A growable byte buffer on memory it owns: an append is a capacity check and a `memcpy`, with no
/// copy-on-write uniqueness check and no reference counting. Emptying it keeps the memory, so a
/// workspace's buffers stop allocating after the first few signatures.
struct ByteBuffer: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far; valid until the buffer is next changed.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base, count: count)
    }

    subscript(range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the buffer")
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    mutating func removeAll() {
        count = 0
    }

    /// Drops everything from `newCount` on.
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "cannot truncate beyond the buffer")
        count = newCount
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(minimum: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(minimum: count + bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Gives write access to already written bytes (to lower-case a header name in place).
    func withMutableBytes<Result>(_ range: Range<Int>, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Result) -> Result {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the buffer")
        return body(UnsafeMutableBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    func string() -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    func array() -> [UInt8] {
        Array(bytes)
    }

    private mutating func grow(minimum: Int) {
        let newCapacity = max(capacity * 2, minimum)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
