import Foundation

extension MotoServer {
    /// The IAM user tests act as in authentication mode.
    static let administratorName = "tenkai-test"

    /// Creates an IAM user with an allow-all inline policy and an access key, using moto's
    /// window of unauthenticated calls (moto routes them by the credential scope's service name,
    /// so they carry a well-formed but unchecked `Authorization` header).
    func createAdministrator() async throws -> Credentials {
        try await createUser(Self.administratorName)
    }

    /// Another IAM user allowed to do everything, with its own access key: a second person or
    /// machine acting in the same account (moto reopens its unauthenticated window for the three calls).
    public func addUser(_ name: String) async throws -> Credentials {
        _ = try await call(path: "/moto-api/reset-auth", body: Data(String(Self.unauthenticatedSetUpCalls).utf8))
        return try await createUser(name)
    }

    private func createUser(_ name: String) async throws -> Credentials {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try await iam(["Action": "CreateUser", "UserName": name])
        _ = try await iam([
            "Action": "PutUserPolicy", "UserName": name,
            "PolicyName": "allow-all", "PolicyDocument": policy,
        ])
        let answer = String(decoding: try await iam(["Action": "CreateAccessKey", "UserName": name]), as: UTF8.self)
        guard let accessKeyID = Self.text(of: "AccessKeyId", in: answer),
              let secret = Self.text(of: "SecretAccessKey", in: answer)
        else { throw MotoServerError("moto's CreateAccessKey answer has no key: \(answer)") }
        return Credentials(accessKeyID: accessKeyID, secretAccessKey: secret)
    }

    private func iam(_ parameters: [String: String]) async throws -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let form = (parameters.merging(["Version": "2010-05-08"]) { first, _ in first })
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
        return try await call(path: "/", body: Data(form.utf8), headers: [
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, "
                + "SignedHeaders=host, Signature=0",
        ])
    }

    /// The text of the first `<name>` element; moto's IAM answers are flat enough that this needs no parser.
    private static func text(of name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }
}
