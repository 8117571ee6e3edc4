import FoundationEssentials

/// A small, strict XML 1.0 parser that builds an ``XMLTree`` straight from UTF-8 bytes.
///
/// It reads what AWS answers contain — the XML declaration, processing instructions and comments
/// (skipped), elements and attributes, the five predefined entities, character references and
/// CDATA sections — and refuses the rest. A DOCTYPE is refused outright: without DTDs there is no
/// entity expansion and no external entity that could read local files. It loops instead of
/// recursing and caps nesting at ``maximumDepth``, so hostile input cannot exhaust the stack.
///
/// Names follow what swift-corelibs Foundation's `XMLParser` reported with `shouldProcessNamespaces`:
/// elements by local name (prefix dropped), attributes by qualified name (`xsi:type`), and
/// `xmlns`/`xmlns:*` declarations are not attributes.
///
/// ```swift
/// let tree = try XMLTreeParser.parse(Data(#"<a:R xmlns:a="urn:x"><B k="1">x &amp; y</B></a:R>"#.utf8))
/// tree.name            // "R"
/// tree["B"]?.text      // "x & y"
/// ```
struct XMLTreeParser {
    /// Deepest element nesting accepted; AWS answers nest fewer than 10 levels.
    static let maximumDepth = 256

    static func parse(_ data: Data) throws(XMLParseError) -> XMLTree {
        let result = data.withUnsafeBytes { raw -> Result<XMLTree, XMLParseError> in
            var parser = XMLTreeParser(input: raw.bindMemory(to: UInt8.self))
            do throws(XMLParseError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// An element whose end tag has not been read yet.
    private struct OpenElement {
        var tree: XMLTree
        /// Where the character data read so far lies while it is one stretch of the input, as it
        /// is in most elements; copied into `text` when a second piece comes.
        var textRun: Range<Int>?
        /// The character data read so far, once it is more than one stretch of the input.
        var text: [UInt8] = []
        let qualifiedName: XMLName
        let tagStart: Int
    }

    let input: UnsafeBufferPointer<UInt8>
    var position = 0
    private var openElements: [OpenElement] = []
    private var root: XMLTree?

    private init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    // MARK: - Document

    private mutating func parseDocument() throws(XMLParseError) -> XMLTree {
        try XMLInputText.validate(input)
        if starts(with: "\u{FEFF}") { position = 3 }
        if starts(with: "<?xml"), position + 5 < input.count, Self.isWhitespace(input[position + 5]) {
            try skipXMLDeclaration()
        }
        try skipMiscellany()
        guard position < input.count else {
            throw error(input.allSatisfy(Self.isWhitespace) ? "the document is empty" : "the document has no root element", at: position)
        }
        guard input[position] == .lessThan else {
            throw error("expected the root element, found text", at: position)
        }
        try parseStartTag()
        while !openElements.isEmpty {
            try parseContent()
        }
        try skipMiscellany()
        guard position == input.count, let root else {
            throw error("unexpected content after the root element </\(root?.name ?? "")>", at: position)
        }
        return root
    }

    /// Whitespace, comments and processing instructions, allowed before and after the root element.
    private mutating func skipMiscellany() throws(XMLParseError) {
        while true {
            skipWhitespace()
            if starts(with: "<!--") {
                try skipComment()
            } else if starts(with: "<?") {
                try skipProcessingInstruction()
            } else if starts(with: "<!") {
                try refuseDeclaration()
            } else {
                return
            }
        }
    }

    // MARK: - Content

    /// One piece of the innermost open element: a tag, a comment, a CDATA section, a reference or text.
    private mutating func parseContent() throws(XMLParseError) {
        guard position < input.count else {
            let innermost = openElements.last
            let opened = location(of: innermost?.tagStart ?? 0)
            throw error(
                "the document ends inside <\(string(innermost?.qualifiedName))> opened at line \(opened.line), column \(opened.column)",
                at: position
            )
        }
        switch input[position] {
        case .lessThan:
            switch position + 1 < input.count ? input[position + 1] : 0 {
            case .slash:
                try parseEndTag()
            case .exclamationMark where starts(with: "<!--"):
                try skipComment()
            case .exclamationMark where starts(with: "<![CDATA["):
                try appendCDATA()
            case .exclamationMark:
                try refuseDeclaration()
            case .questionMark:
                try skipProcessingInstruction()
            default:
                try parseStartTag()
            }
        case .ampersand:
            let scalar = try parseReference()
            let innermost = copyTextRun()
            UTF8.encode(scalar) { openElements[innermost].text.append($0) }
        default:
            try appendText()
        }
    }

    /// Character data up to the next markup, with line ends normalized to `\n` as XML requires.
    private mutating func appendText() throws(XMLParseError) {
        var runStart = position
        while position < input.count {
            switch input[position] {
            case .lessThan, .ampersand:
                appendToText(runStart..<position)
                return
            case .carriageReturn:
                appendToText(runStart..<position)
                openElements[copyTextRun()].text.append(.lineFeed)
                position += position + 1 < input.count && input[position + 1] == .lineFeed ? 2 : 1
                runStart = position
            case .closingBracket where starts(with: "]]>"):
                throw error("']]>' is not allowed in text; it must be written ]]&gt;", at: position)
            default:
                position += 1
            }
        }
        appendToText(runStart..<position)
    }

    private mutating func appendToText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let innermost = openElements.count - 1
        if openElements[innermost].textRun == nil, openElements[innermost].text.isEmpty {
            openElements[innermost].textRun = range
        } else {
            openElements[copyTextRun()].text.append(contentsOf: UnsafeBufferPointer(rebasing: input[range]))
        }
    }

    /// Moves the innermost element's text run into its `text` bytes, so more can be appended;
    /// returns that element's index.
    private mutating func copyTextRun() -> Int {
        let innermost = openElements.count - 1
        if let run = openElements[innermost].textRun {
            openElements[innermost].text.append(contentsOf: UnsafeBufferPointer(rebasing: input[run]))
            openElements[innermost].textRun = nil
        }
        return innermost
    }

    private mutating func appendCDATA() throws(XMLParseError) {
        let start = position
        position += 9
        guard let end = firstIndex(of: "]]>", from: position) else {
            throw error("the CDATA section is never closed with ']]>'", at: start)
        }
        var runStart = position
        var index = position
        while index < end {
            guard input[index] == .carriageReturn else {
                index += 1
                continue
            }
            appendToText(runStart..<index)
            openElements[copyTextRun()].text.append(.lineFeed)
            index += index + 1 < end && input[index + 1] == .lineFeed ? 2 : 1
            runStart = index
        }
        appendToText(runStart..<end)
        position = end + 3
    }

    // MARK: - Tags

    private mutating func parseStartTag() throws(XMLParseError) {
        let tagStart = position
        position += 1
        let name = try parseName(for: .startTag)
        var attributes: [String: String] = [:]
        while true {
            let spaced = skipWhitespace()
            guard position < input.count else {
                throw error("the start tag <\(string(name))> is never closed with '>'", at: tagStart)
            }
            switch input[position] {
            case .greaterThan:
                position += 1
                try open(name, attributes: attributes, tagStart: tagStart)
                return
            case .slash:
                guard position + 1 < input.count, input[position + 1] == .greaterThan else {
                    throw error("expected '>' after '/' in <\(string(name))>", at: position)
                }
                position += 2
                try open(name, attributes: attributes, tagStart: tagStart)
                close()
                return
            default:
                guard spaced else {
                    throw error("expected whitespace, '>' or '/>' in <\(string(name))>", at: position)
                }
                try parseAttribute(of: name, into: &attributes)
            }
        }
    }

    private mutating func parseAttribute(of element: XMLName, into attributes: inout [String: String]) throws(XMLParseError) {
        let nameStart = position
        let name = try parseName(for: .attribute(of: element))
        skipWhitespace()
        guard position < input.count, input[position] == .equals else {
            throw error("expected '=' after the attribute \(string(name)) in <\(string(element))>", at: position)
        }
        position += 1
        skipWhitespace()
        guard position < input.count, input[position] == .quote || input[position] == .apostrophe else {
            throw error("the value of the attribute \(string(name)) must be in quotes", at: position)
        }
        let value = try parseAttributeValue()
        if name.isNamespaceDeclaration(in: input) { return }
        let key = string(name)
        guard attributes[key] == nil else {
            throw error("the attribute \(key) appears twice in <\(string(element))>", at: nameStart)
        }
        attributes[key] = String(decoding: value, as: UTF8.self)
    }

    /// A quoted value with references decoded and each tab or line end turned into a space
    /// (XML's attribute-value normalization).
    private mutating func parseAttributeValue() throws(XMLParseError) -> [UInt8] {
        let quote = input[position]
        let valueStart = position
        position += 1
        var value: [UInt8] = []
        var runStart = position
        while true {
            guard position < input.count else {
                throw error("the attribute value is never closed with its quote", at: valueStart)
            }
            let byte = input[position]
            switch byte {
            case quote:
                value.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                position += 1
                return value
            case .lessThan:
                throw error("'<' is not allowed in an attribute value; it must be written &lt;", at: position)
            case .ampersand:
                value.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                let scalar = try parseReference()
                UTF8.encode(scalar) { value.append($0) }
                runStart = position
            case .tab, .lineFeed, .carriageReturn:
                value.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                value.append(.space)
                let crlf = byte == .carriageReturn && position + 1 < input.count && input[position + 1] == .lineFeed
                position += crlf ? 2 : 1
                runStart = position
            default:
                position += 1
            }
        }
    }

    private mutating func parseEndTag() throws(XMLParseError) {
        let tagStart = position
        position += 2
        let name = try parseName(for: .endTag)
        skipWhitespace()
        guard position < input.count, input[position] == .greaterThan else {
            throw error("expected '>' to end </\(string(name))>", at: position)
        }
        guard let innermost = openElements.last else {
            throw error("</\(string(name))> closes no open element", at: tagStart)
        }
        guard innermost.qualifiedName.sameBytes(as: name, in: input) else {
            let opened = location(of: innermost.tagStart)
            throw error(
                "</\(string(name))> does not close <\(string(innermost.qualifiedName))> opened at line \(opened.line), column \(opened.column)",
                at: tagStart
            )
        }
        position += 1
        close()
    }

    private mutating func open(_ name: XMLName, attributes: [String: String], tagStart: Int) throws(XMLParseError) {
        guard openElements.count < Self.maximumDepth else {
            throw error("elements nest deeper than \(Self.maximumDepth) levels", at: tagStart)
        }
        let tree = XMLTree(name: String(decoding: UnsafeBufferPointer(rebasing: input[name.localName]), as: UTF8.self), attributes: attributes)
        openElements.append(OpenElement(tree: tree, qualifiedName: name, tagStart: tagStart))
    }

    private mutating func close() {
        guard var finished = openElements.popLast() else { return }
        if let run = finished.textRun {
            finished.tree.text = String(decoding: UnsafeBufferPointer(rebasing: input[run]), as: UTF8.self)
        } else if !finished.text.isEmpty {
            finished.tree.text = String(decoding: finished.text, as: UTF8.self)
        }
        if openElements.isEmpty {
            root = finished.tree
        } else {
            openElements[openElements.count - 1].tree.children.append(finished.tree)
        }
    }

    // MARK: - Names and errors

    /// Where a name is read, to say what was expected when there is none.
    private enum NamePlace {
        case startTag, endTag
        case attribute(of: XMLName)
    }

    private mutating func parseName(for place: NamePlace) throws(XMLParseError) -> XMLName {
        let start = position
        guard position < input.count, XMLName.canStart(with: input[position]) else {
            let expected = switch place {
            case .startTag: "an element name after '<' (a literal '<' must be written &lt;)"
            case .endTag: "an element name after '</'"
            case .attribute(let element): "an attribute name in <\(string(element))>"
            }
            throw error("expected \(expected)", at: position)
        }
        var colon: Int?
        position += 1
        while position < input.count, XMLName.canContinue(with: input[position]) {
            if input[position] == .colon {
                guard colon == nil else { throw error("a name may hold only one ':'", at: position) }
                colon = position
            }
            position += 1
        }
        if let colon, colon == position - 1 {
            throw error("a name may not end with ':'", at: colon)
        }
        return XMLName(start: start, colon: colon, end: position)
    }

    func string(_ name: XMLName?) -> String {
        guard let name else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: input[name.start..<name.end]), as: UTF8.self)
    }

    func location(of offset: Int) -> (line: Int, column: Int) {
        XMLInputText.location(of: offset, in: input)
    }

    func error(_ message: String, at offset: Int) -> XMLParseError {
        let (line, column) = location(of: offset)
        return XMLParseError(message: message, line: line, column: column)
    }
}
