import FoundationEssentials

/// The EC2 launch template calls a release of app servers needs: read a version's user data,
/// and add a version that copies another with new user data.
///
/// EC2 speaks the query protocol's requests but answers without a `…Result` wrapper, in
/// camelCase elements, with lists of `item`s; the answers are read here element by element.
///
/// ```swift
/// let ec2 = EC2(aws)
/// let current = try await ec2.launchTemplateVersion(templateID: "lt-0abc", version: "3")
/// let next = try await ec2.createLaunchTemplateVersion(templateID: "lt-0abc", from: "3", userData: newUserData, description: "release r-1")
/// ```
public struct EC2: Sendable {
    public let session: AWSSession
    private let service = AWSService.ec2

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// One version of a launch template (a number, `$Latest` or `$Default`).
    public func launchTemplateVersion(templateID: String, version: String) async throws -> LaunchTemplateVersion {
        let answer = try await call("DescribeLaunchTemplateVersions", [
            ("LaunchTemplateId", templateID), ("LaunchTemplateVersion.1", version),
        ])
        guard let item = answer["launchTemplateVersionSet"]?.children(named: "item").first else {
            throw AWSError(
                service: service.name, operation: "DescribeLaunchTemplateVersions", status: 400, code: "InvalidLaunchTemplateVersion.NotFound",
                message: "launch template \(templateID) has no version \(version)", requestID: nil)
        }
        return try LaunchTemplateVersion(item, operation: "DescribeLaunchTemplateVersions")
    }

    /// A new version with `source`'s data and the given user data (base64, as EC2 stores it).
    /// A token makes a retried call return the version the first attempt created.
    public func createLaunchTemplateVersion(
        templateID: String, from source: String, userData: String, description: String, clientToken: String
    ) async throws -> LaunchTemplateVersion {
        let answer = try await call("CreateLaunchTemplateVersion", [
            ("LaunchTemplateId", templateID), ("SourceVersion", source), ("VersionDescription", description),
            ("LaunchTemplateData.UserData", userData), ("ClientToken", clientToken),
        ])
        guard let version = answer["launchTemplateVersion"] else {
            throw unreadable("CreateLaunchTemplateVersion", "launchTemplateVersion is missing")
        }
        return try LaunchTemplateVersion(version, operation: "CreateLaunchTemplateVersion")
    }

    /// Sends `parameters` (already in EC2's `Name.N` form) and returns the answer's root element.
    private func call(_ operation: String, _ parameters: [(String, String)]) async throws -> XMLTree {
        let form = [("Action", operation), ("Version", service.apiVersion)] + parameters
        let request = AWSRequest(
            service: service, operation: operation, method: "POST",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            body: .data(Data(QueryEncoder.formBody(form).utf8)), isRetrySafe: true)
        let response = try await session.send(request)
        if let page = UnexpectedAnswer.htmlPage(response, service: service, operation: operation) { throw page }
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(response.body)
        } catch {
            throw unreadable(operation, "\(error)")
        }
        if let wrong = UnexpectedAnswer.wrongRoot(tree, response, service: service, operation: operation) { throw wrong }
        return tree
    }

    fileprivate func unreadable(_ operation: String, _ reason: String) -> AWSError {
        AWSError(service: service.name, operation: operation, status: 200, code: "UnreadableResponse",
                 message: "the answer could not be read: \(reason)", requestID: nil)
    }
}

/// One version of a launch template: its number and the user data its instances boot with.
public struct LaunchTemplateVersion: Sendable, Equatable {
    public var templateID: String
    public var versionNumber: Int
    public var description: String?
    /// Base64, as EC2 keeps it (`nil` when the version has none).
    public var userData: String?

    public init(templateID: String, versionNumber: Int, description: String? = nil, userData: String? = nil) {
        self.templateID = templateID
        self.versionNumber = versionNumber
        self.description = description
        self.userData = userData
    }

    init(_ element: XMLTree, operation: String) throws {
        guard let id = element["launchTemplateId"]?.text, let number = element["versionNumber"].flatMap({ Int($0.text) }) else {
            throw AWSError(service: "EC2", operation: operation, status: 200, code: "UnreadableResponse",
                           message: "the answer could not be read: a launch template version without launchTemplateId or versionNumber", requestID: nil)
        }
        self.templateID = id
        self.versionNumber = number
        self.description = element["versionDescription"]?.text
        self.userData = element["launchTemplateData"]?["userData"]?.text
    }
}
