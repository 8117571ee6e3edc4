import FoundationEssentials
import TenkaiCore

/// The stack a component is translating itself into, with what it needs to know about where
/// it is: the system, the environment, the stack, and its own component path.
public struct StackContext {
    public let systemName: String
    public let stackName: String
    /// The region the stack deploys to (its pinned region, or the environment's).
    public let region: String
    public let environment: Environment
    /// The folder relative paths in the system (function code folders) start from: where the
    /// environments folder and the package live. Nil when the caller gave none.
    public let projectRoot: URL?
    /// The path of the component translating now, as in the component tree: its resources'
    /// `tenkai:path` metadata and its diagnostics (`system/stack/component`, and a composite's
    /// children under it: `system/stack/composite/component`).
    public internal(set) var componentPath: String
    /// The tree path new components go under: the stack's, or the composite's being translated.
    var treeParent: String
    /// Tree path → the component kinds declared there.
    var kinds: [String: [String]] = [:]
    /// Tree path → the metrics its components expose (for the component tree).
    var metrics: [String: [ComponentTree.Metric]] = [:]
    /// Tree paths of the composites in this stack, with the stack's name.
    var composites: [String: String] = [:]
    public internal(set) var template: Template
    /// Logical IDs added by the component translating now, in order.
    public internal(set) var addedByCurrentComponent: [String] = []
    var diagnostics: [Diagnostic] = []
    /// Which component added each logical ID, for duplicate-ID messages.
    var owners: [String: String] = [:]
    /// Function code packaged for this stack, which synth writes into the assembly.
    var assets: [CodeAsset] = []

    init(systemName: String, stackName: String, region: String, environment: Environment, template: Template, projectRoot: URL? = nil) {
        self.systemName = systemName
        self.stackName = stackName
        self.region = region
        self.environment = environment
        self.componentPath = "\(systemName)/\(stackName)"
        self.treeParent = "\(systemName)/\(stackName)"
        self.template = template
        self.projectRoot = projectRoot
    }

    /// `<system>-<env>-<name>`, the convention for every physical name.
    public func resourceName(_ name: String) -> String { environment.resourceName(name) }

    /// Adds a resource. A logical ID already taken in this stack is an error naming both owners.
    public mutating func add(_ logicalID: String, _ resource: Resource) {
        guard LogicalID.isValid(logicalID) else {
            report(.error("'\(logicalID)' is not a valid logical ID", hint: "use ASCII letters and digits only"))
            return
        }
        if let owner = owners[logicalID] {
            report(
                .error(
                    "two components would get the logical ID '\(logicalID)' (the other is \(owner))",
                    hint: "give one of them another name"))
            return
        }
        var resource = resource
        resource.metadata["tenkai:path"] = .string(componentPath)
        owners[logicalID] = componentPath
        template.resources[logicalID] = resource
        addedByCurrentComponent.append(logicalID)
    }

    /// Changes a resource this stack already has (a modifier applied after translation).
    public mutating func update(_ logicalID: String, _ change: (inout Resource) -> Void) {
        guard var resource = template.resources[logicalID] else { return }
        change(&resource)
        template.resources[logicalID] = resource
    }

    /// Adds a stack output (deploy writes every output to `outputs.json`).
    public mutating func output(_ name: String, _ value: Value, description: String? = nil) {
        template.outputs[name] = Output(value: value, description: description)
    }

    /// Adds a template condition.
    public mutating func condition(_ name: String, _ expression: Value) {
        template.conditions[name] = expression
    }

    /// Reports a problem with the current component.
    public mutating func report(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        if diagnostic.componentPath == nil { diagnostic.componentPath = componentPath }
        diagnostics.append(diagnostic)
    }
}
