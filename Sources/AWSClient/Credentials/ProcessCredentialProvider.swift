import FoundationEssentials

/// Credentials printed by an external program, a profile's `credential_process` (aws-vault,
/// 1Password, company SSO helpers): it prints `{"Version": 1, "AccessKeyId": …,
/// "SecretAccessKey": …, "SessionToken": …, "Expiration": …}` on standard output.
///
/// The command runs through `/bin/sh -c` on its own thread, never on Swift's cooperative pool;
/// its standard error passes through to ours, so its prompts reach the person at the terminal.
public struct ProcessCredentialProvider: CredentialProvider {
    public let command: String
    public var name: String { "credential_process" }

    public init(command: String) {
        self.command = command
    }

    public func resolve() async throws -> AWSCredentials? {
        let output = try await Self.run(command)
        struct Answer: Decodable {
            var Version: Int
            var AccessKeyId: String
            var SecretAccessKey: String
            var SessionToken: String?
            var Expiration: String?
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: output) else {
            throw CredentialError(source: name, message: "`\(command)` did not print credentials JSON with Version, AccessKeyId and SecretAccessKey")
        }
        guard answer.Version == 1 else {
            throw CredentialError(source: name, message: "`\(command)` printed Version \(answer.Version); only 1 is defined")
        }
        return AWSCredentials(
            accessKeyID: answer.AccessKeyId, secretAccessKey: answer.SecretAccessKey, sessionToken: answer.SessionToken,
            expiration: answer.Expiration.flatMap(ISO8601Timestamp.parse)
        )
    }

    private static func run(_ command: String) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            detachThread {
                do {
                    let (output, status) = try ShellCommand.run(command)
                    guard status == 0 else {
                        throw CredentialError(source: "credential_process", message: "`\(command)` exited with status \(status)")
                    }
                    continuation.resume(returning: output)
                } catch let error as CredentialError {
                    continuation.resume(throwing: error)
                } catch {
                    continuation.resume(throwing: CredentialError(source: "credential_process", message: "cannot run `\(command)`: \(error)"))
                }
            }
        }
    }
}
