import Foundation
import Hashing
import Testing

/// The one SHA-256 and hex helper every module uses, against the FIPS 180-2 test vectors.
@Suite struct SHA256Tests {
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func oneShotDigestsMatchTheStandardVectors() {
        #expect(SHA256.hex([]) == Self.empty)
        #expect(SHA256.hex(of: "abc") == Self.abc)
        #expect(SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func piecesGiveTheSameDigestAsTheWhole() {
        let hasher = SHA256()
        hasher.update(Array("a".utf8))
        hasher.update([])
        hasher.update(Array("bc".utf8))
        #expect(hasher.finalizeHex() == Self.abc)
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let pieces = SHA256()
        for start in stride(from: 0, to: bytes.count, by: 4096) { pieces.update(Array(bytes[start..<min(start + 4096, bytes.count)])) }
        #expect(pieces.finalizeHex() == SHA256.hex(bytes))
    }

    @Test func aFileSliceIsHashedAndATruncatedOneIsAnError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("xxabcyy".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SHA256.hex(ofFile: path, offset: 2, length: 3) == Self.abc)
        #expect(try SHA256.hex(ofFile: path) == SHA256.hex(of: "xxabcyy"))
        #expect { try SHA256.hex(ofFile: path, offset: 5, length: 10) } throws: { error in
            (error as? SHA256.FileError)?.message.contains("truncated") == true
        }
        #expect { try SHA256.hex(ofFile: path + ".missing") } throws: { error in
            (error as? SHA256.FileError)?.message.contains("cannot read") == true
        }
    }

    @Test func hexIsLowerCaseTwoDigitsAByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
    }
}
