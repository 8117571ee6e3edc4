import Foundation
import Synchronization

/// A tiny registry token service on 127.0.0.1 for Debian's docker-registry configured with
/// `auth: token` (the Docker/OCI token authentication flow): `GET /token?service=…&scope=…`
/// answers `{"token": JWT}`, an RS256 JWT whose `x5c` header carries a self-signed certificate
/// the registry trusts (``registryConfiguration``). With ``requiredLogin`` set, only requests with
/// those HTTP basic credentials get a token (others get 401), as a real token service does.
///
/// Keys and signatures come from the `openssl` command line (Debian's openssl package).
public final class RegistryTokenServer: Sendable {
    public struct Login: Sendable, Equatable {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    /// One request the service answered: the scope asked for and the basic user, if any.
    public struct Issued: Sendable, Equatable {
        public var scope: String
        public var username: String?
        public var granted: Bool
    }

    public let service = "tenkai-test-registry"
    public let issuer = "tenkai-test-token-service"
    private let folder: URL
    private let listener: LoopbackListener
    private final class Log: Sendable { let issued = Mutex<[Issued]>([]) }
    private let log = Log()

    public var port: Int { listener.port }
    public var realm: String { "http://127.0.0.1:\(port)/token" }
    public var requests: [Issued] { log.issued.withLock { $0 } }
    private var keyPath: String { folder.appendingPathComponent("key.pem").path }
    public var certificatePath: String { folder.appendingPathComponent("cert.pem").path }

    /// What the registry's config needs to ask this service and trust its tokens.
    public var registryConfiguration: String {
        """
        auth:
          token:
            realm: \(realm)
            service: \(service)
            issuer: \(issuer)
            rootcertbundle: \(certificatePath)
        """
    }

    public init(requiredLogin: Login?) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = folder.appendingPathComponent("key.pem").path, certificate = folder.appendingPathComponent("cert.pem").path
        let made = try Self.openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=tenkai-test-token",
        ])
        guard made.status == 0 else { throw FaultProxyError("openssl req failed: \(made.stderr)") }
        let der = try Self.openssl(["x509", "-in", certificate, "-outform", "DER"])
        guard der.status == 0 else { throw FaultProxyError("openssl x509 failed: \(der.stderr)") }
        let chain = der.stdout.base64EncodedString()
        let (service, issuer) = (service, issuer)
        let log = self.log
        listener = try LoopbackListener(lifetime: .seconds(600)) { connection in
            guard let request = connection.readRequest() else { return }
            let components = URLComponents(string: "http://127.0.0.1" + request.target)
            let scope = components?.queryItems?.first { $0.name == "scope" }?.value ?? ""
            var username: String?
            var password: String?
            if let header = request.header("Authorization"), header.hasPrefix("Basic "),
                let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            {
                username = String(decoded[..<colon])
                password = String(decoded[decoded.index(after: colon)...])
            }
            let granted = requiredLogin == nil || (username == requiredLogin?.username && password == requiredLogin?.password)
            log.issued.withLock { $0.append(Issued(scope: scope, username: username, granted: granted)) }
            guard granted, components?.path == "/token", components?.queryItems?.first(where: { $0.name == "service" })?.value == service else {
                connection.respond(status: 401, headers: [("Content-Type", "application/json")], body: Data(#"{"details":"wrong credentials"}"#.utf8))
                return
            }
            guard let token = try? Self.token(scope: scope, subject: username ?? "", service: service, issuer: issuer, chain: chain, key: key) else {
                connection.respond(status: 500, body: Data("signing failed".utf8))
                return
            }
            let body = try! JSONSerialization.data(withJSONObject: ["token": token, "expires_in": 300])
            connection.respond(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }
    }

    public func stop() {
        listener.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A token for `scope` ("repository:name:pull,push", several separated by spaces).
    public func token(scope: String, subject: String = "") throws -> String {
        try Self.token(
            scope: scope, subject: subject, service: service, issuer: issuer,
            chain: try Self.openssl(["x509", "-in", certificatePath, "-outform", "DER"]).stdout.base64EncodedString(), key: keyPath)
    }

    static func token(scope: String, subject: String, service: String, issuer: String, chain: String, key: String) throws -> String {
        let access: [[String: Any]] = scope.split(separator: " ").compactMap { item in
            let parts = item.split(separator: ":")
            guard parts.count >= 3 else { return nil }
            return ["type": String(parts[0]), "name": parts[1..<(parts.count - 1)].joined(separator: ":"),
                    "actions": parts[parts.count - 1].split(separator: ",").map(String.init)]
        }
        let now = Int(Date().timeIntervalSince1970)
        let header: [String: Any] = ["typ": "JWT", "alg": "RS256", "x5c": [chain]]
        let claims: [String: Any] = [
            "iss": issuer, "sub": subject, "aud": service, "exp": now + 300, "nbf": now - 10, "iat": now,
            "jti": UUID().uuidString, "access": access,
        ]
        let input = base64URL(try JSONSerialization.data(withJSONObject: header)) + "." + base64URL(try JSONSerialization.data(withJSONObject: claims))
        let signed = try openssl(["dgst", "-sha256", "-sign", key], input: Data(input.utf8))
        guard signed.status == 0 else { throw FaultProxyError("openssl dgst failed: \(signed.stderr)") }
        return input + "." + base64URL(signed.stdout)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func openssl(_ arguments: [String], input: Data = Data()) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output, String(decoding: errors, as: UTF8.self))
    }
}
