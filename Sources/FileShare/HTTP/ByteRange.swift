import Foundation

/// One `Range: bytes=…` request, resolved against a file size (RFC 9110 §14.1.2). Several ranges
/// in one header are answered with the whole file, which the RFC allows.
enum ByteRange {
    enum Outcome: Equatable {
        case whole
        case partial(ClosedRange<Int>)
        case unsatisfiable
    }

    static func resolve(_ header: String?, size: Int) -> Outcome {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let bounds = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2 else { return .whole }
        if bounds[0].isEmpty {
            guard let suffix = Int(bounds[1]), suffix > 0 else { return .unsatisfiable }
            guard size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)...(size - 1))
        }
        guard let first = Int(bounds[0]), first >= 0 else { return .whole }
        guard first < size else { return .unsatisfiable }
        if bounds[1].isEmpty { return .partial(first...(size - 1)) }
        guard let last = Int(bounds[1]), last >= first else { return .whole }
        return .partial(first...min(last, size - 1))
    }
}
