import CYAML

/// Parses YAML text into ``YAMLNode``s with libyaml, keeping line and column of every node.
///
/// Only what configuration files need: one document of maps, lists and scalars with string
/// keys. Anchors, aliases and tags are refused with a clear error rather than half-supported.
/// Nesting deeper than ``maximumDepth`` is an error at the line and column where it goes too deep.
public enum YAMLParser {
    /// Deeper nesting is refused: no configuration file comes near it, and the parser (and every
    /// reader of its nodes) recurses once per level, so a hostile file must not choose the depth.
    public static let maximumDepth = 128

    public static func parse(_ bytes: [UInt8], file: String) throws(TenkaiError) -> YAMLNode {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw TenkaiError(.io, "libyaml could not start a parser (out of memory?)")
        }
        defer { yaml_parser_delete(parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(TenkaiError) -> YAMLNode in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var reader = EventReader(parser: parser, file: file)
            return try reader.document()
        }
    }

    private struct EventReader {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        let file: String

        mutating func document() throws(TenkaiError) -> YAMLNode {
            var root: YAMLNode?
            while true {
                var event = try next()
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_START_EVENT, YAML_DOCUMENT_START_EVENT, YAML_DOCUMENT_END_EVENT: continue
                case YAML_STREAM_END_EVENT:
                    return root ?? .mapping([], at: SourceLocation(file: file, line: 1, column: 1))
                default:
                    guard root == nil else {
                        throw TenkaiError(
                            .invalidInput, "the file holds more than one YAML document",
                            location: location(event.start_mark), hint: "keep one document per file")
                    }
                    root = try node(from: &event, depth: 1)
                }
            }
        }

        private mutating func node(from event: inout yaml_event_t, depth: Int) throws(TenkaiError) -> YAMLNode {
            let at = location(event.start_mark)
            if depth > YAMLParser.maximumDepth && (event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT) {
                throw TenkaiError(
                    .invalidInput, "YAML nested deeper than \(YAMLParser.maximumDepth) levels", location: at,
                    hint: "flatten the structure: environment files need only a few levels of maps and lists")
            }
            switch event.type {
            case YAML_SCALAR_EVENT:
                try refuseTag(event.data.scalar.tag, at: at)
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                return .scalar(text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, at: at)
            case YAML_SEQUENCE_START_EVENT:
                try refuseTag(event.data.sequence_start.tag, at: at)
                var items: [YAMLNode] = []
                while true {
                    var child = try next()
                    defer { yaml_event_delete(&child) }
                    if child.type == YAML_SEQUENCE_END_EVENT { return .sequence(items, at: at) }
                    items.append(try node(from: &child, depth: depth + 1))
                }
            case YAML_MAPPING_START_EVENT:
                try refuseTag(event.data.mapping_start.tag, at: at)
                var pairs: [YAMLPair] = []
                while true {
                    var keyEvent = try next()
                    defer { yaml_event_delete(&keyEvent) }
                    if keyEvent.type == YAML_MAPPING_END_EVENT { return .mapping(pairs, at: at) }
                    guard case .scalar(let key, _, let keyAt) = try node(from: &keyEvent, depth: depth + 1) else {
                        throw TenkaiError(.invalidInput, "a map key must be a plain string", location: location(keyEvent.start_mark))
                    }
                    if pairs.contains(where: { $0.key == key }) {
                        throw TenkaiError(
                            .invalidInput, "the key '\(key)' appears twice in the same map", location: keyAt,
                            hint: "remove one of them")
                    }
                    var valueEvent = try next()
                    defer { yaml_event_delete(&valueEvent) }
                    pairs.append(YAMLPair(key: key, keyLocation: keyAt, value: try node(from: &valueEvent, depth: depth + 1)))
                }
            case YAML_ALIAS_EVENT:
                throw TenkaiError(
                    .invalidInput, "YAML aliases (*name) are not supported here", location: at,
                    hint: "write the value out in full")
            default:
                throw TenkaiError(.invalidInput, "unexpected YAML structure", location: at)
            }
        }

        private func refuseTag(_ tag: UnsafeMutablePointer<UInt8>?, at: SourceLocation) throws(TenkaiError) {
            guard let tag else { return }
            throw TenkaiError(
                .invalidInput, "YAML tags (\(String(cString: tag))) are not supported here", location: at,
                hint: "remove the tag and write a plain value")
        }

        private mutating func next() throws(TenkaiError) -> yaml_event_t {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else {
                let problem = parser.pointee.problem.map { String(cString: $0) } ?? "malformed YAML"
                let context = parser.pointee.context.map { String(cString: $0) + ": " } ?? ""
                throw TenkaiError(.invalidInput, "invalid YAML: \(context)\(problem)", location: location(parser.pointee.problem_mark))
            }
            return event
        }

        private func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
        }
    }
}
