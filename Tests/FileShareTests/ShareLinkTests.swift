import Foundation
import HTTPTypes
import Hashing
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

@Suite("Share links")
struct ShareLinkTests {
    struct Created: Decodable {
        var link: ShareLink
        var token: String
        var url: String
    }

    static func create(_ client: any TestClientProtocol, _ projectId: String, token: String, _ body: String) async throws -> Created {
        let response = try await client.send(.post, "/api/projects/\(projectId)/links", token: token, json: body)
        #expect(response.status == .created, "\(response.text)")
        return try response.decode(Created.self)
    }

    @Test("a link opens without login, downloads, and only its hash is stored", arguments: Backend.allCases)
    func openAndDownload(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("price list.txt", in: project.id, data: "prices", by: owner.id)
            let created = try await Self.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","label":"For ACME"}"#)
            #expect(created.url.hasSuffix("/s/\(created.token)"))
            #expect(created.token.count >= 43)
            let days = created.link.expiresAt.timeIntervalSinceNow / 86400
            #expect(days > 6.9 && days <= 7.0)
            let stored = try await harness.services.database.sql.raw("SELECT token_hash FROM share_links").all().map { try $0.string("token_hash") }
            #expect(stored == [SHA256.hex(of: created.token)])

            let shared = try await client.send(.get, "/api/share/\(created.token)").decode(PublicShareController.SharedContent.self)
            #expect(shared.files.map(\.name) == ["price list.txt"])
            let page = try await client.send(.get, "/s/\(created.token)")
            #expect(page.status == .ok)
            #expect(page.text.contains("price list.txt"))
            let download = try await client.send(.get, "/s/\(created.token)/files/\(file.id)")
            #expect(download.text == "prices")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(try await client.send(.get, "/s/not-a-real-token-at-all-0000000000").status == .notFound)
        }
    }

    @Test("revocation and expiry take effect at once; the download limit holds", arguments: Backend.allCases)
    func revokeExpireLimit(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, by: owner.id)
            let limited = try await Self.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","maxDownloads":2}"#)
            #expect(try await client.send(.get, "/api/share/\(limited.token)/files/\(file.id)").status == .ok)
            #expect(try await client.send(.get, "/api/share/\(limited.token)/files/\(file.id)").status == .ok)
            #expect(try await client.send(.get, "/api/share/\(limited.token)/files/\(file.id)").status == .gone)
            #expect(try await client.send(.get, "/s/\(limited.token)").status == .gone)

            let revoked = try await Self.create(client, project.id, token: token, #"{"fileId":"\#(file.id)"}"#)
            #expect(try await client.send(.get, "/api/share/\(revoked.token)").status == .ok)
            #expect(try await client.send(.delete, "/api/projects/\(project.id)/links/\(revoked.link.id)", token: token).status == .noContent)
            #expect(try await client.send(.get, "/api/share/\(revoked.token)").status == .gone)
            #expect(try await client.send(.get, "/api/share/\(revoked.token)/files/\(file.id)").status == .gone)

            let expiring = try await Self.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","expiresInDays":1}"#)
            try await harness.services.database.sql.raw(
                "UPDATE share_links SET expires_at = \(bind: Clock.nowMicros() - 1) WHERE id = \(bind: expiring.link.id)").run()
            let expired = try await client.send(.get, "/api/share/\(expiring.token)")
            #expect(expired.status == .gone)
            #expect(expired.text.contains("expired"))

            #expect(try await client.send(.post, "/api/projects/\(project.id)/links", token: token,
                                          json: #"{"fileId":"\#(file.id)","expiresInDays":1000}"#).status == .badRequest)
            #expect(try await client.send(.post, "/api/projects/\(project.id)/links", token: token,
                                          json: #"{"fileId":"\#(file.id)","folder":"x"}"#).status == .badRequest)
        }
    }

    @Test("password-protected links need the password; downloads can be turned off", arguments: [Backend.sqlite])
    func passwordAndDownloadSwitch(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, data: "secret", by: owner.id)
            let locked = try await Self.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","password":"open sesame"}"#)
            #expect(locked.link.hasPassword)
            #expect(try await client.send(.get, "/api/share/\(locked.token)").status == .unauthorized)
            #expect(try await client.send(.get, "/api/share/\(locked.token)", headers: [.init("X-Share-Password")!: "wrong one"]).status == .unauthorized)
            #expect(try await client.send(.get, "/api/share/\(locked.token)/files/\(file.id)", headers: [.init("X-Share-Password")!: "open sesame"]).text == "secret")
            let form = try await client.send(.get, "/s/\(locked.token)")
            #expect(form.text.contains("type=\"password\""))
            #expect(!form.text.contains("a.txt"))
            let wrong = try await client.send(.post, "/s/\(locked.token)", body: .init(string: "password=nope"),
                                              headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(wrong.status == .unauthorized)
            let unlocked = try await client.send(.post, "/s/\(locked.token)", body: .init(string: "password=open%20sesame"),
                                                 headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(unlocked.status == .seeOther)
            let cookie = try #require(unlocked.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(try await client.send(.get, "/s/\(locked.token)", headers: [.cookie: cookie]).text.contains("a.txt"))

            let viewOnly = try await Self.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","allowDownload":false}"#)
            #expect(try await client.send(.get, "/api/share/\(viewOnly.token)").status == .ok)
            #expect(try await client.send(.get, "/api/share/\(viewOnly.token)/files/\(file.id)").status == .forbidden)
        }
    }

    @Test("a folder link shows that folder only, and deleted files vanish from it", arguments: Backend.allCases)
    func folderScope(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let inside = try await harness.file("c.pdf", in: project.id, folder: "contracts", by: owner.id)
            let nested = try await harness.file("d.pdf", in: project.id, folder: "contracts/2024", by: owner.id)
            let outside = try await harness.file("e.pdf", in: project.id, folder: "internal", by: owner.id)
            let lookalike = try await harness.file("f.pdf", in: project.id, folder: "contracts_old", by: owner.id)
            let link = try await Self.create(client, project.id, token: token, #"{"folder":"contracts"}"#)
            let shared = try await client.send(.get, "/api/share/\(link.token)").decode(PublicShareController.SharedContent.self)
            #expect(Set(shared.files.map(\.id)) == [inside.id, nested.id])
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(outside.id)").status == .notFound)
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(lookalike.id)").status == .notFound)
            try await harness.services.files.setDeleted(fileId: inside.id, true)
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(inside.id)").status == .notFound)
        }
    }
}
