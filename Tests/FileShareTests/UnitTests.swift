import Foundation
import Hashing
import Testing
@testable import FileShare

@Suite("Pieces on their own")
struct UnitTests {
    @Test("fuzzy matching forgives partial words, typos, case and accents, but not nonsense")
    func fuzzy() {
        #expect(FuzzyMatch.score(query: "contr", in: "Contract renewal") != nil)
        #expect(FuzzyMatch.score(query: "contrcat", in: "Contract renewal") != nil)
        #expect(FuzzyMatch.score(query: "kontract", in: "Contract renewal") != nil)
        #expect(FuzzyMatch.score(query: "MUNCHEN", in: "Büro München") != nil)
        #expect(FuzzyMatch.score(query: "acme renewal", in: "ACME contract renewal") != nil)
        #expect(FuzzyMatch.score(query: "acme invoice", in: "ACME contract renewal") == nil)
        #expect(FuzzyMatch.score(query: "xyz", in: "Contract") == nil)
        #expect(FuzzyMatch.score(query: "nda", in: "NDB") == nil)
        let exact = FuzzyMatch.score(query: "contract", in: "Contract")!
        let typo = FuzzyMatch.score(query: "contrcat", in: "Contract")!
        #expect(exact > typo)
        #expect(FuzzyMatch.editDistance(Array("abcd"), Array("acbd")) == 1)
        #expect(FuzzyMatch.editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    @Test("byte ranges resolve like RFC 9110 says")
    func ranges() {
        #expect(ByteRange.resolve(nil, size: 10) == .whole)
        #expect(ByteRange.resolve("bytes=0-0", size: 10) == .partial(0...0))
        #expect(ByteRange.resolve("bytes=5-100", size: 10) == .partial(5...9))
        #expect(ByteRange.resolve("bytes=-4", size: 10) == .partial(6...9))
        #expect(ByteRange.resolve("bytes=-40", size: 10) == .partial(0...9))
        #expect(ByteRange.resolve("bytes=10-", size: 10) == .unsatisfiable)
        #expect(ByteRange.resolve("bytes=0-1,3-4", size: 10) == .whole)
        #expect(ByteRange.resolve("bytes=5-2", size: 10) == .whole)
        #expect(ByteRange.resolve("items=0-1", size: 10) == .whole)
        #expect(ByteRange.resolve("bytes=-0", size: 10) == .unsatisfiable)
    }

    @Test("file names and folders: one safe segment each, no traversal")
    func names() throws {
        #expect(try InputRules.fileName(" Angebot.pdf ") == "Angebot.pdf")
        #expect(try InputRules.folder("/contracts//2024/") == "contracts/2024")
        #expect(try InputRules.folder(nil) == "")
        for bad in ["", ".", "..", "a/b", "a\\b", "x\u{0}y", "tab\there", String(repeating: "é", count: 200)] {
            #expect(throws: AppError.self, "\(bad)") { try InputRules.fileName(bad) }
        }
        #expect(throws: AppError.self) { try InputRules.folder("a/../b") }
        #expect(try InputRules.contentType("Application/PDF; charset=x", blocked: []) == "application/pdf")
        #expect(try InputRules.contentType(nil, blocked: []) == "application/octet-stream")
        #expect(throws: AppError.self) { try InputRules.contentType("text/html", blocked: ["text/html"]) }
        #expect(throws: AppError.self) { try InputRules.contentType("pdf", blocked: []) }
        #expect(throws: AppError.self) { try InputRules.email("not-an-email") }
        #expect(try InputRules.email(" Ann@Example.COM ") == "ann@example.com")
    }

    @Test("Content-Disposition always says attachment and carries the exact UTF-8 name")
    func disposition() {
        #expect(ContentDisposition.attachment(fileName: "a.pdf") == "attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf")
        #expect(ContentDisposition.attachment(fileName: "x\"; filename=evil.html") ==
                "attachment; filename=\"x__ filename=evil.html\"; filename*=UTF-8''x%22%3B%20filename%3Devil.html")
        #expect(ContentDisposition.attachment(fileName: "日本.txt").hasSuffix("filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt"))
    }

    @Test("random tokens are long, URL-safe and different every time")
    func tokens() {
        let tokens = (0..<100).map { _ in RandomToken.make() }
        #expect(Set(tokens).count == 100)
        #expect(tokens.allSatisfy { $0.count == 43 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
        #expect(RandomToken.base64URL([0xfb, 0xff]) == "-_8")
    }

    @Test("SHA-256 matches the standard test vectors")
    func sha256() {
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("configuration comes from the environment and rejects nonsense clearly")
    func configuration() throws {
        let defaults = try AppConfiguration(environment: [:])
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.databaseURL == nil)
        #expect(defaults.filesBucket == nil)
        let custom = try AppConfiguration(environment: ["PORT": "9000", "DATABASE_URL": "postgres://x@127.0.0.1/db", "MAX_FILE_SIZE": "1000"])
        #expect(custom.port == 9000)
        #expect(custom.maxFileSize == 1000)
        #expect(throws: AppError.self) { try AppConfiguration(environment: ["PORT": "eighty"]) }
        #expect(throws: AppError.self) { try AppConfiguration(environment: ["PORT": "70000"]) }
        #expect(throws: AppError.self) { try AppConfiguration(environment: ["BCRYPT_COST": "99"]) }
    }

    @Test("database parts, as ECS injects them, make a TLS PostgreSQL URL with the password encoded")
    func databaseParts() throws {
        let parts = [
            "DATABASE_HOST": "db.example.internal", "DATABASE_PORT": "5433", "DATABASE_NAME": "fileshare",
            "DATABASE_USER": "app", "DATABASE_PASSWORD": "p@ss:w/rd",
        ]
        let configuration = try AppConfiguration(environment: parts)
        #expect(configuration.databaseURL == "postgres://app:p%40ss%3Aw%2Frd@db.example.internal:5433/fileshare?sslmode=require")
        var withoutPassword = parts
        withoutPassword["DATABASE_PASSWORD"] = nil
        #expect(throws: AppError.self) { try AppConfiguration(environment: withoutPassword) }
        let explicit = try AppConfiguration(environment: parts.merging(["DATABASE_URL": "postgres://x@127.0.0.1/db"]) { $1 })
        #expect(explicit.databaseURL == "postgres://x@127.0.0.1/db")
    }
}
