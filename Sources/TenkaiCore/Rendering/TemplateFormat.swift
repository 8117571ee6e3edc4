/// The file format templates are written in.
public enum TemplateFormat: String, Sendable, CaseIterable, Codable {
    case json, yaml

    public var fileExtension: String { rawValue }

    public func render(_ template: Template) throws(TenkaiError) -> [UInt8] {
        switch self {
        case .json: JSONRenderer.render(template.value)
        case .yaml: try YAMLRenderer.render(template.value)
        }
    }
}
