/// What signers share between threads, behind the signer's lock: derived keys and idle workspaces.
struct SignerState: ~Copyable {
    /// Most recently derived first. Small: a process signs with a handful of keys per day.
    private var scopes: [SigningScope] = []
    private let scopeCapacity: Int
    private var idleWorkspaces: [SigningWorkspace] = []
    private let workspaceCapacity: Int

    init(scopeCapacity: Int, workspaceCapacity: Int) {
        self.scopeCapacity = max(1, scopeCapacity)
        self.workspaceCapacity = max(1, workspaceCapacity)
        scopes.reserveCapacity(self.scopeCapacity)
        idleWorkspaces.reserveCapacity(self.workspaceCapacity)
    }

    /// A cached scope for these inputs, if one was derived already.
    func scope(for credentials: AWSCredentials, day: Int, region: String, service: String) -> SigningScope? {
        for scope in scopes where scope.matches(credentials, day: day, region: region, service: service) {
            return scope
        }
        return nil
    }

    mutating func insert(_ scope: SigningScope) {
        if scopes.contains(where: { $0 === scope }) { return }
        if scopes.count >= scopeCapacity { scopes.removeLast() }
        scopes.insert(scope, at: 0)
    }

    mutating func takeWorkspace() -> SigningWorkspace? {
        idleWorkspaces.popLast()
    }

    mutating func giveBack(_ workspace: SigningWorkspace) {
        if idleWorkspaces.count < workspaceCapacity { idleWorkspaces.append(workspace) }
    }
}
