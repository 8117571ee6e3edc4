import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import FileShare

/// Behind trusted proxies the client address is the one the outermost proxy saw, never what the
/// client wrote into `X-Forwarded-For`.
@Suite("Client address")
struct ClientAddressTests {
    @Test("the entry the trusted proxies appended is taken, counted from the right")
    func rightMostTrustedHop() {
        #expect(ClientAddress.fromForwardedFor(["6.6.6.6", "203.0.113.7"], trustedProxyHops: 1) == "203.0.113.7")
        #expect(ClientAddress.fromForwardedFor(["6.6.6.6", "203.0.113.7", "10.0.0.5"], trustedProxyHops: 2) == "203.0.113.7")
        #expect(ClientAddress.fromForwardedFor(["203.0.113.7"], trustedProxyHops: 2) == "203.0.113.7")
        #expect(ClientAddress.fromForwardedFor(["2001:db8::1"], trustedProxyHops: 1) == "2001:db8::1")
        #expect(ClientAddress.fromForwardedFor([], trustedProxyHops: 1) == nil)
        #expect(ClientAddress.fromForwardedFor(["1.2.3.4"], trustedProxyHops: 0) == nil)
    }

    @Test("anything that is not an IP address is refused")
    func onlyIPAddresses() {
        for junk in ["=HYPERLINK(\"http://evil\")", "unknown", "1.2.3.4.5", "1.2.3.4:80", "", "localhost", "::g", String(repeating: "1", count: 100)] {
            #expect(!ClientAddress.isIPAddress(junk), "\(junk)")
            #expect(ClientAddress.fromForwardedFor([junk], trustedProxyHops: 1) == nil)
        }
        #expect(ClientAddress.isIPAddress("127.0.0.1"))
        #expect(ClientAddress.isIPAddress("::1"))
    }

    @Test("the audit log records the proxy's entry, not the client's forgery", arguments: Backend.allCases)
    func auditedAddress(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.trustedProxyHops = 1 }) { harness, client in
            _ = try await harness.user("ann@example.com")
            let forwarded = HTTPField.Name("X-Forwarded-For")!
            _ = try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"wrong-wrong"}"#,
                                      headers: [forwarded: "=HYPERLINK(\"http://evil\"), 198.51.100.9"])
            _ = try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"wrong-wrong"}"#,
                                      headers: [forwarded: "198.51.100.10, =HYPERLINK(\"http://evil\")"])
            let addresses = try await harness.services.database.sql.raw("SELECT ip FROM audit_events ORDER BY at").all()
                .map { try $0.string("ip") }
            #expect(addresses.count == 2)
            #expect(addresses.first == "198.51.100.9")
            #expect(addresses.allSatisfy { !$0.contains("HYPERLINK") }, "\(addresses)")
        }
    }

    @Test("TRUST_FORWARDED_FOR=1 means one hop; TRUSTED_PROXY_HOPS counts more")
    func configuration() throws {
        #expect(try AppConfiguration(environment: [:]).trustedProxyHops == 0)
        #expect(try AppConfiguration(environment: ["TRUST_FORWARDED_FOR": "1"]).trustedProxyHops == 1)
        #expect(try AppConfiguration(environment: ["TRUSTED_PROXY_HOPS": "2"]).trustedProxyHops == 2)
        #expect(throws: AppError.self) { try AppConfiguration(environment: ["TRUSTED_PROXY_HOPS": "many"]) }
    }
}
