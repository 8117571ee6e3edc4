import FoundationEssentials

/// An XML element with its attributes, child elements and text: the small generic tree every
/// XML answer from AWS (query and rest-xml protocols) is parsed into before decoding.
///
/// Names are local names (namespace prefixes dropped), because AWS answers put everything in one
/// default namespace that carries no meaning for decoding.
///
/// ```swift
/// let tree = try XMLTree.parse(Data("<A><B>1</B><B>2</B></A>".utf8))
/// tree.children(named: "B").map(\.text)  // ["1", "2"]
/// tree["B"]?.text                         // "1"
/// ```
public struct XMLTree: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLTree]
    /// The character data directly inside this element (not inside its children), as written.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child element called `name`.
    public subscript(name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// Every child element called `name`, in document order.
    public func children(named name: String) -> [XMLTree] {
        children.filter { $0.name == name }
    }

    /// The first element called `name` anywhere below this one (depth first), or this one.
    public func first(named name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(named: name) { return found }
        }
        return nil
    }

    /// Parses a whole UTF-8 document and returns its root element. Parsing is strict: a DOCTYPE,
    /// an unknown entity, invalid UTF-8 or nesting deeper than 256 elements is an ``XMLParseError``.
    public static func parse(_ data: Data) throws(XMLParseError) -> XMLTree {
        try XMLTreeParser.parse(data)
    }
}

/// XML that could not be parsed, with the parser's line and column.
public struct XMLParseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public var description: String { "invalid XML at line \(line), column \(column): \(message)" }
}
