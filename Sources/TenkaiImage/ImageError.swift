/// Why an image could not be built, read or pushed: one sentence naming what and where, and
/// how to fix it when we know.
///
/// ```
/// error: /tmp/app is not an ELF file (it starts with "#!/b"); image build takes a Linux binary
/// ```
public struct ImageError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
