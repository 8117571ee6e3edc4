/// A Lambda runtime, with the AWS base image that runs the same code locally.
///
/// ```swift
/// Function("collect-stamp", runtime: .nodejs22, handler: "index.handler", code: code)
/// ```
public struct LambdaRuntime: Sendable, Hashable {
    /// The `Runtime` identifier CloudFormation takes (`nodejs22.x`).
    public var identifier: String
    /// The Lambda base image with the runtime interface emulator, for compose.
    public var localImage: String

    public init(identifier: String, localImage: String) {
        self.identifier = identifier
        self.localImage = localImage
    }

    /// Node.js 22.
    public static let nodejs22 = LambdaRuntime(identifier: "nodejs22.x", localImage: "public.ecr.aws/lambda/nodejs:22")
    /// Python 3.13.
    public static let python313 = LambdaRuntime(identifier: "python3.13", localImage: "public.ecr.aws/lambda/python:3.13")
    /// A custom runtime (a `bootstrap` executable, e.g. a Swift binary built for Amazon Linux 2023).
    public static let providedAL2023 = LambdaRuntime(
        identifier: "provided.al2023", localImage: "public.ecr.aws/lambda/provided:al2023")
}
