import TenkaiCore

extension StackContext {
    /// Translates one component of the stack (or of a composite in it): its resources get its
    /// path, its kind and metrics are noted for the component tree, then its escape hatches apply
    /// to what it added.
    mutating func translate(_ component: any Component) {
        let path = "\(treeParent)/\(component.name)"
        componentPath = path
        if kinds[path]?.contains(component.kind) != true { kinds[path, default: []].append(component.kind) }
        addedByCurrentComponent = []
        component.translate(into: &self)
        metrics[path, default: []] += treeMetrics(of: component)
        componentPath = path
        component.escapeHatches.apply(to: &self, mainLogicalID: component.logicalID)
    }

    /// Translates a composite's children under the composite's path. Afterwards everything
    /// they added counts as the composite's, so its escape hatches reach its children's resources.
    mutating func translate(_ children: [any Component], inside composite: some Composite) {
        let outer = treeParent
        let path = componentPath
        composites[path] = stackName
        treeParent = path
        var added: [String] = []
        for child in children {
            translate(child)
            added += addedByCurrentComponent
        }
        treeParent = outer
        addedByCurrentComponent = added
    }
}
