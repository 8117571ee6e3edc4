import CYAML

/// Writes a ``Value`` as block-style YAML through libyaml's emitter.
///
/// Intrinsic functions use CloudFormation's short tags (`!Ref`, `!GetAtt Bucket.Arn`, `!Sub`),
/// except where a function's argument is itself a function: a YAML node carries one tag, so
/// the outer one is written long-form (`Fn::ImportValue: !Sub …`). Strings that YAML 1.1 would
/// read as something else are quoted (``YAMLImplicitTypes``).
public enum YAMLRenderer {
    /// Renders `value` as one YAML document.
    ///
    /// Fails only if libyaml refuses an event, which would be a bug in this renderer.
    public static func render(_ value: Value) throws(TenkaiError) -> [UInt8] {
        let sink = OutputSink()
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        defer { emitter.deallocate() }
        guard yaml_emitter_initialize(emitter) == 1 else {
            throw TenkaiError(.io, "libyaml could not start an emitter (out of memory?)")
        }
        defer { yaml_emitter_delete(emitter) }
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, -1)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        yaml_emitter_set_output(emitter, { context, buffer, size in
            guard let context, let buffer else { return 0 }
            Unmanaged<OutputSink>.fromOpaque(context).takeUnretainedValue()
                .bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, context)

        let writer = EventWriter(emitter: emitter)
        writer.emit { event in yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING) }
        writer.emit { event in yaml_document_start_event_initialize(&event, nil, nil, nil, 1) }
        writer.write(value, tag: nil)
        writer.emit { event in yaml_document_end_event_initialize(&event, 1) }
        writer.emit { event in yaml_stream_end_event_initialize(&event) }
        if let problem = writer.problem {
            throw TenkaiError(.io, "libyaml refused to emit a YAML event: \(problem)")
        }
        return sink.bytes
    }

    private final class OutputSink {
        var bytes: [UInt8] = []
        init() { bytes.reserveCapacity(16 * 1024) }
    }

    /// Feeds events to the emitter; the first refusal is kept and later events are skipped.
    private final class EventWriter {
        let emitter: UnsafeMutablePointer<yaml_emitter_t>
        private(set) var problem: String?

        init(emitter: UnsafeMutablePointer<yaml_emitter_t>) { self.emitter = emitter }

        func emit(_ initialize: (inout yaml_event_t) -> Int32) {
            guard problem == nil else { return }
            var event = yaml_event_t()
            guard initialize(&event) == 1, yaml_emitter_emit(emitter, &event) == 1 else {
                problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown problem"
                return
            }
        }

        func write(_ value: Value, tag: String?) {
            switch value {
            case .string(let string): scalar(string, tag: tag, quoteIfAmbiguous: true)
            case .int(let int): scalar(String(int), tag: tag, quoteIfAmbiguous: false)
            case .double(let double): scalar(String(double), tag: tag, quoteIfAmbiguous: false)
            case .bool(let bool): scalar(bool ? "true" : "false", tag: tag, quoteIfAmbiguous: false)
            case .list(let items):
                withTag(tag) { tagPointer in
                    emit { event in
                        yaml_sequence_start_event_initialize(&event, nil, tagPointer, tag == nil ? 1 : 0, YAML_BLOCK_SEQUENCE_STYLE)
                    }
                }
                for item in items { write(item, tag: nil) }
                emit { event in yaml_sequence_end_event_initialize(&event) }
            case .map(let fields):
                withTag(tag) { tagPointer in
                    emit { event in
                        yaml_mapping_start_event_initialize(&event, nil, tagPointer, tag == nil ? 1 : 0, YAML_BLOCK_MAPPING_STYLE)
                    }
                }
                for (key, item) in fields {
                    scalar(key, tag: nil, quoteIfAmbiguous: true)
                    write(item, tag: nil)
                }
                emit { event in yaml_mapping_end_event_initialize(&event) }
            case .function(let name, let argument):
                if tag != nil || Self.isFunction(argument) {
                    write(.map([name: argument]), tag: tag)
                } else if name == "Fn::GetAtt", case .list(let parts) = argument, parts.count == 2,
                    case .string(let id) = parts[0], case .string(let attribute) = parts[1]
                {
                    scalar("\(id).\(attribute)", tag: "!GetAtt", quoteIfAmbiguous: true)
                } else {
                    let short = name.hasPrefix("Fn::") ? String(name.dropFirst(4)) : name
                    write(argument, tag: "!" + short)
                }
            }
        }

        private static func isFunction(_ value: Value) -> Bool {
            if case .function = value { true } else { false }
        }

        private func scalar(_ text: String, tag: String?, quoteIfAmbiguous: Bool) {
            let style: yaml_scalar_style_t =
                if quoteIfAmbiguous && YAMLImplicitTypes.needsQuotes(text) {
                    YAML_SINGLE_QUOTED_SCALAR_STYLE
                } else if text.utf8.contains(UInt8(ascii: "\n")) {
                    YAML_LITERAL_SCALAR_STYLE
                } else {
                    YAML_PLAIN_SCALAR_STYLE
                }
            let implicit: Int32 = tag == nil ? 1 : 0
            var text = text
            text.withUTF8 { (bytes) in
                withTag(tag) { tagPointer in
                    emit { event in
                        yaml_scalar_event_initialize(
                            &event, nil, tagPointer, bytes.baseAddress, Int32(bytes.count), implicit, implicit, style)
                    }
                }
            }
        }

        private func withTag(_ tag: String?, _ body: (UnsafePointer<UInt8>?) -> Void) {
            guard var tag else { return body(nil) }
            tag.withUTF8 { (bytes) in
                // libyaml copies the tag; it needs a NUL-terminated buffer.
                var terminated = Array(bytes)
                terminated.append(0)
                terminated.withUnsafeBufferPointer { (pointer) in body(pointer.baseAddress) }
            }
        }
    }
}
