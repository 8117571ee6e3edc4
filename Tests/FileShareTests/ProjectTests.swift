import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import FileShare

@Suite("Projects and members")
struct ProjectTests {
    @Test("create, read, update, archive, unarchive and delete a project", arguments: Backend.allCases)
    func lifecycle(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token) = try await harness.user("owner@example.com")
            let created = try await client.send(.post, "/api/projects", token: token, json: #"{"name":"  Deal  ","description":"first"}"#)
            #expect(created.status == .created)
            let project = try created.decode(Project.self)
            #expect(project.name == "Deal")
            #expect(project.role == .owner)
            let base = "/api/projects/\(project.id)"
            let updated = try await client.send(.patch, base, token: token, json: #"{"name":"Big deal"}"#)
            #expect(try updated.decode(Project.self).name == "Big deal")
            #expect(try updated.decode(Project.self).description == "first")
            #expect(try await client.send(.post, base + "/archive", token: token).decode(Project.self).status == .archived)
            let refused = try await client.send(.post, base + "/files?name=a.txt", token: token, body: .init(string: "x"))
            #expect(refused.status == .conflict)
            #expect(try await client.send(.get, base + "/files", token: token).status == .ok)
            #expect(try await client.send(.post, base + "/unarchive", token: token).decode(Project.self).status == .active)
            #expect(try await client.send(.post, base + "/files?name=a.txt", token: token, body: .init(string: "x")).status == .created)
            #expect(try await client.send(.delete, base, token: token).status == .noContent)
            #expect(try await client.send(.get, base, token: token).status == .notFound)
        }
    }

    @Test("lists page, sort and find projects by partial and misspelt words", arguments: Backend.allCases)
    func listing(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (user, token) = try await harness.user("owner@example.com")
            for name in ["Alpha Contract", "Beta Pricing", "Gamma Contract Renewal", "Delta NDA", "Épsilon Übersicht"] {
                _ = try await harness.services.projects.create(name: name, description: "", createdBy: user.id)
            }
            let (other, _) = try await harness.user("other@example.com")
            _ = try await harness.services.projects.create(name: "Secret Contract", description: "", createdBy: other.id)

            let first = try await client.send(.get, "/api/projects?perPage=2&sort=name", token: token).decode(Page<Project>.self)
            #expect(first.total == 5)
            #expect(first.items.map(\.name) == ["Alpha Contract", "Beta Pricing"])
            let last = try await client.send(.get, "/api/projects?perPage=2&page=3&sort=name", token: token).decode(Page<Project>.self)
            #expect(last.items.map(\.name) == ["Épsilon Übersicht"])
            let descending = try await client.send(.get, "/api/projects?sort=name&order=desc&perPage=1", token: token).decode(Page<Project>.self)
            #expect(descending.items.first?.name == "Épsilon Übersicht")

            let partial = try await client.send(.get, "/api/projects?q=contr", token: token).decode(Page<Project>.self)
            #expect(Set(partial.items.map(\.name)) == ["Alpha Contract", "Gamma Contract Renewal"])
            let typo = try await client.send(.get, "/api/projects?q=contrcat", token: token).decode(Page<Project>.self)
            #expect(Set(typo.items.map(\.name)) == ["Alpha Contract", "Gamma Contract Renewal"])
            let twoWords = try await client.send(.get, "/api/projects?q=gama%20renew", token: token).decode(Page<Project>.self)
            #expect(twoWords.items.map(\.name) == ["Gamma Contract Renewal"])
            let accents = try await client.send(.get, "/api/projects?q=ubersicht", token: token).decode(Page<Project>.self)
            #expect(accents.items.map(\.name) == ["Épsilon Übersicht"])
            let none = try await client.send(.get, "/api/projects?q=zzzz", token: token).decode(Page<Project>.self)
            #expect(none.total == 0)

            #expect(try await client.send(.get, "/api/projects?sort=password", token: token).status == .badRequest)
            #expect(try await client.send(.get, "/api/projects?perPage=0", token: token).status == .badRequest)
            #expect(try await client.send(.get, "/api/projects?page=-1", token: token).status == .badRequest)
            #expect(try await client.send(.get, "/api/projects?order=sideways", token: token).status == .badRequest)
        }
    }

    @Test("members: add, change role, remove; guests only as guests; the last owner stays", arguments: Backend.allCases)
    func members(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let (staff, staffToken) = try await harness.user("staff@example.com")
            let (guest, _) = try await harness.user("customer@partner.example", kind: .guest)
            let base = "/api/projects/\(project.id)/members"
            #expect(try await client.send(.post, base, token: token, json: #"{"email":"staff@example.com","role":"manager"}"#).status == .created)
            #expect(try await client.send(.post, base, token: token, json: #"{"email":"staff@example.com","role":"viewer"}"#).status == .conflict)
            #expect(try await client.send(.post, base, token: token, json: #"{"email":"customer@partner.example","role":"editor"}"#).status == .badRequest)
            #expect(try await client.send(.post, base, token: token, json: #"{"email":"customer@partner.example","role":"guest"}"#).status == .created)
            #expect(try await client.send(.post, base, token: token, json: #"{"email":"nobody@example.com","role":"viewer"}"#).status == .notFound)
            #expect(try await client.send(.post, base, token: token, json: #"{"email":"staff@example.com","role":"emperor"}"#).status == .badRequest)
            // A manager cannot touch the owner or make owners.
            #expect(try await client.send(.patch, "\(base)/\(owner.id)", token: staffToken, json: #"{"role":"viewer"}"#).status == .forbidden)
            #expect(try await client.send(.patch, "\(base)/\(guest.id)", token: staffToken, json: #"{"role":"owner"}"#).status == .forbidden)
            // The only owner cannot step down.
            #expect(try await client.send(.patch, "\(base)/\(owner.id)", token: token, json: #"{"role":"viewer"}"#).status == .conflict)
            #expect(try await client.send(.delete, "\(base)/\(owner.id)", token: token).status == .conflict)
            let page = try await client.send(.get, base + "?sort=role", token: token).decode(Page<Member>.self)
            #expect(page.items.map(\.role) == [.owner, .manager, .guest])
            let found = try await client.send(.get, base + "?q=partnr", token: token).decode(Page<Member>.self)
            #expect(found.items.map(\.userId) == [guest.id])
            #expect(try await client.send(.delete, "\(base)/\(staff.id)", token: token).status == .noContent)
            #expect(try await client.send(.get, "/api/projects/\(project.id)", token: staffToken).status == .notFound)
        }
    }
}
