/// A CloudFormation value: a literal, a list, an ordered map, or an intrinsic function.
///
/// Maps keep the order they were written in, so rendered templates read the way their
/// translators were written and come out byte for byte the same every time. Literals read
/// naturally in Swift:
///
/// ```swift
/// let properties: Value = [
///     "BucketName": "fileshare-dev-files",
///     "VersioningConfiguration": ["Status": "Enabled"],
///     "Arn": .getAtt("FilesBucket", "Arn"),
/// ]
/// ```
public indirect enum Value: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([Value])
    case map(Fields)
    /// `Ref` or an `Fn::*` function (the name is the full key, e.g. `Fn::GetAtt`) with its argument.
    case function(String, Value)
}

// MARK: - Intrinsic functions

extension Value {
    public static func ref(_ logicalID: String) -> Value { .function("Ref", .string(logicalID)) }
    public static func getAtt(_ logicalID: String, _ attribute: String) -> Value {
        .function("Fn::GetAtt", .list([.string(logicalID), .string(attribute)]))
    }
    public static func sub(_ template: String) -> Value { .function("Fn::Sub", .string(template)) }
    public static func sub(_ template: String, _ variables: Fields) -> Value {
        .function("Fn::Sub", .list([.string(template), .map(variables)]))
    }
    public static func join(_ separator: String, _ values: [Value]) -> Value {
        .function("Fn::Join", .list([.string(separator), .list(values)]))
    }
    public static func importValue(_ exportName: Value) -> Value { .function("Fn::ImportValue", exportName) }
    public static func select(_ index: Int, _ list: Value) -> Value { .function("Fn::Select", .list([.int(index), list])) }
    public static func split(_ separator: String, _ value: Value) -> Value {
        .function("Fn::Split", .list([.string(separator), value]))
    }
    public static func getAZs(_ region: String = "") -> Value { .function("Fn::GetAZs", .string(region)) }
    public static func `if`(_ condition: String, _ then: Value, _ otherwise: Value) -> Value {
        .function("Fn::If", .list([.string(condition), then, otherwise]))
    }
    public static func equals(_ lhs: Value, _ rhs: Value) -> Value { .function("Fn::Equals", .list([lhs, rhs])) }
    public static func base64(_ value: Value) -> Value { .function("Fn::Base64", value) }

    /// `AWS::NoValue`: removes the property it stands for.
    public static let noValue = Value.ref("AWS::NoValue")
    public static let region = Value.ref("AWS::Region")
    public static let accountID = Value.ref("AWS::AccountId")
    public static let partition = Value.ref("AWS::Partition")
    public static let stackName = Value.ref("AWS::StackName")
    public static let urlSuffix = Value.ref("AWS::URLSuffix")

    /// The logical ID this value references with `Ref` or `Fn::GetAtt`, if it is one of those.
    public var referencedLogicalID: String? {
        switch self {
        case .function("Ref", .string(let id)) where !id.hasPrefix("AWS::"): id
        case .function("Fn::GetAtt", .list(let parts)):
            if case .string(let id)? = parts.first { id } else { nil }
        default: nil
        }
    }
}

// MARK: - Literals

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByStringInterpolation,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) { self = .map(Fields(elements)) }
}

// MARK: - Reading values back

extension Value {
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var intValue: Int? { if case .int(let i) = self { i } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var listValue: [Value]? { if case .list(let l) = self { l } else { nil } }
    public var fieldsValue: Fields? { if case .map(let m) = self { m } else { nil } }

    /// The value at a dotted path of map keys (`"VersioningConfiguration.Status"`), if there is one.
    ///
    /// Splits the path on its UTF-8 bytes: rules read a few paths of every resource, and the
    /// generic `split(separator:)` over characters cost more than the lookups themselves.
    public subscript(path path: String) -> Value? {
        var current: Value? = self
        for key in path.utf8.split(separator: UInt8(ascii: ".")) {
            current = current?.fieldsValue?[String(Substring(key))]
        }
        return current
    }

    /// Calls `visit` on this value and every value nested in it, depth first.
    public func forEach(_ visit: (Value) -> Void) {
        visit(self)
        switch self {
        case .list(let items): for item in items { item.forEach(visit) }
        case .map(let fields): for field in fields { field.value.forEach(visit) }
        case .function(_, let argument): argument.forEach(visit)
        case .string, .int, .double, .bool: break
        }
    }

    /// Rebuilds the value bottom-up, letting `transform` replace intrinsic functions: it sees
    /// each function's name and (already rewritten) argument and returns a replacement, or nil
    /// to keep it. Subtrees with nothing replaced are shared, not copied.
    public func rewritingFunctions(_ transform: (_ name: String, _ argument: Value) -> Value?) -> Value {
        rewrittenIfChanged(transform) ?? self
    }

    private func rewrittenIfChanged(_ transform: (String, Value) -> Value?) -> Value? {
        switch self {
        case .list(let items):
            var copy: [Value]?
            for index in items.indices {
                if let changed = items[index].rewrittenIfChanged(transform) {
                    if copy == nil { copy = items }
                    copy![index] = changed
                }
            }
            return copy.map(Value.list)
        case .map(let fields):
            var copy: Fields?
            for index in fields.indices {
                let field = fields[index]
                if let changed = field.value.rewrittenIfChanged(transform) {
                    if copy == nil { copy = fields }
                    copy![field.key] = changed
                }
            }
            return copy.map(Value.map)
        case .function(let name, let argument):
            let rewrittenArgument = argument.rewrittenIfChanged(transform)
            return transform(name, rewrittenArgument ?? argument) ?? rewrittenArgument.map { .function(name, $0) }
        case .string, .int, .double, .bool:
            return nil
        }
    }
}

// MARK: - Comparing

extension Value {
    /// The same value with every map's keys in byte order: for comparing two values whose maps
    /// were written in different orders.
    public func sortingMapKeys() -> Value {
        switch self {
        case .list(let items): .list(items.map { $0.sortingMapKeys() })
        case .map(let fields): .map(Fields(fields.sortedByKey().map { ($0.key, $0.value.sortingMapKeys()) }))
        case .function(let name, let argument): .function(name, argument.sortingMapKeys())
        case .string, .int, .double, .bool: self
        }
    }
}
