import TenkaiCore

/// Rewrites references that cross stacks.
///
/// Components write plain `Ref`/`Fn::GetAtt` (also inside `Fn::Sub` strings) to any resource of
/// the system. Here each one that points into another stack becomes an export of that stack
/// plus `Fn::ImportValue` — or, across regions, an output plus a parameter deploy fills in —
/// and a dependency edge; a reference to nothing is an error.
struct StackLinker {
    let systemName: String
    let environmentName: String
    /// Which stack defines each logical ID.
    let owners: [String: String]
    let regions: [String: String]
    var templates: [String: Template]
    var parameterSources: [String: [String: OutputSource]] = [:]
    var graph: StackGraph
    var diagnostics: [Diagnostic] = []

    init(systemName: String, environmentName: String, stacks: [(name: String, region: String, template: Template)]) {
        self.systemName = systemName
        self.environmentName = environmentName
        var owners: [String: String] = [:]
        for stack in stacks { for id in stack.template.resources.keys { owners[id] = stack.name } }
        self.owners = owners
        self.regions = Dictionary(uniqueKeysWithValues: stacks.map { ($0.name, $0.region) })
        self.templates = Dictionary(uniqueKeysWithValues: stacks.map { ($0.name, $0.template) })
        self.graph = StackGraph(stacks: stacks.map(\.name))
    }

    mutating func linkAll() {
        for stack in graph.stacks {
            let template = templates[stack]!
            for id in template.resources.keys.sorted() {
                var resource = template.resources[id]!
                let usedBy = resource.metadata["tenkai:path"]?.stringValue ?? "\(systemName)/\(stack)"
                resource.properties = link(.map(resource.properties), in: stack, usedBy: usedBy).fieldsValue ?? [:]
                resource.dependsOn = resource.dependsOn.filter { keepLocalDependency($0, of: stack, usedBy: usedBy) }
                templates[stack]!.resources[id] = resource
            }
            for name in template.outputs.keys.sorted() {
                var output = template.outputs[name]!
                output.value = link(output.value, in: stack, usedBy: "\(systemName)/\(stack)")
                templates[stack]!.outputs[name] = output
            }
        }
    }

    private mutating func link(_ value: Value, in stack: String, usedBy: String) -> Value {
        value.rewritingFunctions { name, argument in
            switch name {
            case "Ref":
                guard let id = argument.stringValue, !id.hasPrefix("AWS::"), !isLocal(id, in: stack) else { return nil }
                return crossStack(id, attribute: nil, from: stack, usedBy: usedBy)
            case "Fn::GetAtt":
                guard let parts = argument.listValue, parts.count == 2, let id = parts[0].stringValue,
                    let attribute = parts[1].stringValue, !isLocal(id, in: stack)
                else { return nil }
                return crossStack(id, attribute: attribute, from: stack, usedBy: usedBy)
            case "Fn::Sub":
                return linkSub(argument, in: stack, usedBy: usedBy).map { .function("Fn::Sub", $0) }
            default:
                return nil
            }
        }
    }

    /// Rewrites `${Id}` and `${Id.Attribute}` in a `Fn::Sub` string that point into other stacks
    /// into variables of the `Fn::Sub`, or nil when nothing crosses.
    private mutating func linkSub(_ argument: Value, in stack: String, usedBy: String) -> Value? {
        let text: String
        var variables: Fields
        switch argument {
        case .string(let string): (text, variables) = (string, [:])
        case .list(let parts) where parts.count == 2:
            guard let string = parts[0].stringValue, let fields = parts[1].fieldsValue else { return nil }
            (text, variables) = (string, fields)
        default: return nil
        }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var changed = false
        var index = 0
        while index < bytes.count {
            // Copy up to the next `${`, then look at the token up to its `}`.
            guard bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
                let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}"))
            else {
                output.append(bytes[index])
                index += 1
                continue
            }
            let token = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
            index = close + 1
            let dot = token.firstIndex(of: ".")
            let id = dot.map { String(token[..<$0]) } ?? token
            let attribute = dot.map { String(token[token.index(after: $0)...]) }
            var replacementToken = token
            if !token.hasPrefix("!"), !id.hasPrefix("AWS::"), variables[id] == nil, !isLocal(id, in: stack),
                let replacement = crossStack(id, attribute: attribute, from: stack, usedBy: usedBy)
            {
                replacementToken = outputKey(id, attribute)
                variables[replacementToken] = replacement
                changed = true
            }
            output.append(contentsOf: "${\(replacementToken)}".utf8)
        }
        let rewrittenText = String(decoding: output, as: UTF8.self)
        return changed ? .list([.string(rewrittenText), .map(variables)]) : nil
    }

    private func isLocal(_ id: String, in stack: String) -> Bool {
        let template = templates[stack]!
        return template.resources[id] != nil || template.parameters[id] != nil
    }

    private mutating func keepLocalDependency(_ id: String, of stack: String, usedBy: String) -> Bool {
        if templates[stack]!.resources[id] != nil { return true }
        if let producer = owners[id] {
            graph.add(.init(consumer: stack, producer: producer, usedBy: usedBy, referenced: id))
        } else {
            diagnostics.append(
                .error("depends on '\(id)', which no component of system '\(systemName)' defines", componentPath: usedBy))
        }
        return false
    }

    /// The value that stands in `stack` for `id`'s attribute defined in another stack.
    private mutating func crossStack(_ id: String, attribute: String?, from stack: String, usedBy: String) -> Value? {
        guard let producer = owners[id] else {
            diagnostics.append(
                .error(
                    "references '\(id)', which no component of system '\(systemName)' defines", componentPath: usedBy,
                    hint: "add the component to a stack of this system, or reference an existing one"))
            return nil
        }
        graph.add(.init(consumer: stack, producer: producer, usedBy: usedBy, referenced: id))
        let key = outputKey(id, attribute)
        let value: Value = attribute.map { .getAtt(id, $0) } ?? .ref(id)
        if regions[producer] == regions[stack] {
            let exportName = "\(systemName)-\(environmentName)-\(producer)-\(key)"
            templates[producer]!.outputs[key] = Output(value: value, description: "Used by stack \(stack)", exportName: exportName)
            return .importValue(.string(exportName))
        }
        // Keep the export a consumer in the producer's own region may already rely on.
        let export = templates[producer]!.outputs[key]?.exportName
        templates[producer]!.outputs[key] = Output(
            value: value, description: "Used by stack \(stack) in \(regions[stack]!)", exportName: export)
        templates[stack]!.parameters[key] = Parameter(
            description: "\(key) from stack \(producer) in \(regions[producer]!), filled in by tenkai deploy")
        parameterSources[stack, default: [:]][key] = OutputSource(stack: producer, output: key)
        return .ref(key)
    }

    private func outputKey(_ id: String, _ attribute: String?) -> String {
        id + (attribute.map { LogicalID.pascalCase($0) } ?? "Ref")
    }
}
