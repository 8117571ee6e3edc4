import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

/// Many requests at once, on both databases: check-then-write sequences must not interleave.
@Suite("Concurrent requests")
struct ConcurrencyTests {
    /// Sends every request at once and returns the statuses in the order given.
    static func together(_ requests: [@Sendable () async throws -> HTTPResponse.Status]) async throws -> [HTTPResponse.Status] {
        try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, try await request()) }
            }
            var statuses = [HTTPResponse.Status](repeating: .ok, count: requests.count)
            for try await (index, status) in group { statuses[index] = status }
            return statuses
        }
    }

    @Test("two owners demoting each other at once leave the project with an owner", arguments: Backend.allCases)
    func lastOwnerRace(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (ann, annToken) = try await harness.user("ann@example.com")
            let (bob, bobToken) = try await harness.user("bob@example.com")
            for round in 0..<8 {
                let project = try await harness.services.projects.create(name: "Deal \(round)", description: "", createdBy: ann.id)
                try await harness.services.members.add(projectId: project.id, userId: bob.id, role: .owner)
                let base = "/api/projects/\(project.id)/members"
                let removal = round.isMultiple(of: 2)
                let statuses = try await Self.together([
                    { try await client.send(removal ? .delete : .patch, "\(base)/\(bob.id)", token: annToken,
                                            json: removal ? nil : #"{"role":"viewer"}"#).status },
                    { try await client.send(removal ? .delete : .patch, "\(base)/\(ann.id)", token: bobToken,
                                            json: removal ? nil : #"{"role":"viewer"}"#).status },
                ])
                #expect(try await harness.services.members.ownerCount(projectId: project.id) == 1, "round \(round): \(statuses)")
                #expect(statuses.filter { $0 == .ok || $0 == .noContent }.count == 1, "round \(round): \(statuses)")
            }
        }
    }

    @Test("parts sent in parallel cannot add up to more than MAX_FILE_SIZE", arguments: Backend.allCases)
    func multipartLimit(backend: Backend) async throws {
        let limit = 1 << 20
        try await TestHarness.run(backend, configure: { $0.maxFileSize = limit }) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)/uploads"
            let id = try await client.send(.post, base, token: token, json: #"{"name":"big.bin","contentType":"application/octet-stream"}"#)
                .decode(Upload.self).id
            let part = ByteBuffer(repeating: 0x41, count: 1_000_000)
            let statuses = try await Self.together((1...3).map { number in
                { try await client.send(.put, "\(base)/\(id)/parts/\(number)", token: token, body: part).status }
            })
            #expect(statuses.filter { $0 == .ok }.count <= 1, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .contentTooLarge }, "\(statuses)")
            let recorded = try await client.send(.get, "\(base)/\(id)", token: token).decode(Upload.self)
            #expect(recorded.parts.reduce(0) { $0 + $1.size } <= limit)
            let completed = try await client.send(.post, "\(base)/\(id)/complete", token: token)
            if completed.status == .created {
                #expect(try completed.decode(StoredFile.self).size <= limit)
            }
            let stored = try await harness.services.database.sql.raw("SELECT MAX(size) AS largest FROM file_versions").first()?
                .optionalInt("largest") ?? 0
            #expect(stored <= limit)
        }
    }

    @Test("parallel uploads of one name all succeed as consecutive versions of one file", arguments: Backend.allCases)
    func sameNameUploads(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let uploads = 12
            let statuses = try await Self.together((0..<uploads).map { index in
                { try await client.send(.post, "/api/projects/\(project.id)/files?name=offer.txt&folder=deal", token: token,
                                        body: ByteBuffer(string: "draft \(index)"), headers: [.contentType: "text/plain"]).status }
            })
            #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
            let listed = try await client.send(.get, "/api/projects/\(project.id)/files?folder=deal", token: token).decode(Page<StoredFile>.self)
            #expect(listed.total == 1, "\(listed.items.map(\.id))")
            let file = try #require(listed.items.first)
            #expect(file.version == uploads)
            let versions = try await harness.services.files.versions(fileId: file.id)
            #expect(versions.map(\.version).sorted() == Array(1...uploads))
        }
    }
}
