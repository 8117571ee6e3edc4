import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

/// A download is counted and audited by what the response sends, not by the shape of the
/// `Range` header: odd ranges that still hand over the whole file are downloads.
@Suite("Download counting")
struct DownloadCountingTests {
    static let content = String(repeating: "0123456789", count: 10)
    /// Ranges that resolve to the whole file (or a part from byte 0), each from a hostile client.
    static let rangesThatStartAtZero = ["bytes=-100000000", "bytes=5-1", "bytes=abc", "bytes=0-", "items=1-2", "bytes=1-2,4-5", "bytes=-1000"]

    func auditCount(_ harness: TestHarness, _ action: String) async throws -> Int {
        try await harness.services.database.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = \(bind: action)")
            .first()?.int("n") ?? 0
    }

    @Test("a link limited to one download gives the file once, whatever the Range header", arguments: Backend.allCases)
    func linkLimitHoldsForAnyRange(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("report.txt", in: project.id, data: Self.content, by: owner.id)
            for (index, range) in Self.rangesThatStartAtZero.enumerated() {
                let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","maxDownloads":1}"#)
                let first = try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)", headers: [.range: range])
                #expect(first.status == .ok || first.status == .partialContent, "\(range): \(first.status)")
                #expect(Self.content.hasPrefix(first.text) && !first.text.isEmpty, "\(range)")
                let second = try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)", headers: [.range: range])
                #expect(second.status == .gone, "\(range) downloaded twice on a one-download link")
                #expect(try await auditCount(harness, "link.download") == index + 1, "\(range)")
            }
        }
    }

    @Test("continuing a download past byte 0 is not counted again", arguments: Backend.allCases)
    func continuationIsFree(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("report.txt", in: project.id, data: Self.content, by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","maxDownloads":2}"#)
            let start = try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)", headers: [.range: "bytes=0-49"])
            #expect(start.status == .partialContent)
            let rest = try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)", headers: [.range: "bytes=50-"])
            #expect(rest.status == .partialContent)
            #expect(start.text + rest.text == Self.content)
            #expect(try await auditCount(harness, "link.download") == 1)
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)").status == .ok)
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)").status == .gone)
        }
    }

    @Test("members' downloads are audited whatever the Range header", arguments: Backend.allCases)
    func memberDownloadsAreAudited(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("report.txt", in: project.id, data: Self.content, by: owner.id)
            for (index, range) in Self.rangesThatStartAtZero.enumerated() {
                let response = try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token,
                                                     headers: [.range: range])
                #expect(!response.text.isEmpty && Self.content.hasPrefix(response.text), "\(range)")
                #expect(try await auditCount(harness, "file.download") == index + 1, "\(range) was not audited")
            }
            _ = try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token,
                                      headers: [.range: "bytes=10-"])
            #expect(try await auditCount(harness, "file.download") == Self.rangesThatStartAtZero.count)
        }
    }
}
