import FoundationEssentials

/// Finds every shared library a binary maps, the way glibc's loader does: its `DT_NEEDED`
/// names, then theirs, searched in each requester's `DT_RUNPATH` (with `$ORIGIN`), then the
/// directories of `/etc/ld.so.conf`, then the multiarch and plain system directories. Libraries
/// the program opens itself with `dlopen` are passed as extra names; `ldd` cannot see those.
///
/// ```swift
/// let resolver = SharedLibraryResolver()
/// let libraries = try resolver.libraries(of: binary, at: "/usr/bin/tenkai", extra: ["libcurl.so.4"])
/// // [/usr/lib/x86_64-linux-gnu/libc.so.6, /usr/lib/x86_64-linux-gnu/libcurl.so.4, …]
/// ```
public struct SharedLibraryResolver: Sendable {
    /// One library to copy: found at `hostPath`, placed at `imagePath` (its directory with
    /// links resolved, and the name the loader asks for).
    public struct Library: Sendable, Equatable {
        public var name: String
        public var hostPath: String
        public var imagePath: String
    }

    /// Directories searched after the run paths; `nil` reads the build machine's.
    public var searchDirectories: [String]?

    public init(searchDirectories: [String]? = nil) {
        self.searchDirectories = searchDirectories
    }

    /// Every library `binary` needs, plus `extra` (sonames opened with `dlopen`) and what they
    /// need, sorted by image path. The loader itself is left out: it is the interpreter.
    public func libraries(of binary: ELFFile, at binaryPath: String, extra: [String]) throws(ImageError) -> [Library] {
        let defaults = searchDirectories ?? Self.systemDirectories(for: binary.machine)
        let loaderName = binary.interpreter.map { String($0.split(separator: "/").last ?? "") }
        var found: [String: Library] = [:]
        var queue: [(name: String, requester: String, runPaths: [String], origin: String)] =
            binary.needed.map { ($0, binaryPath, binary.runPaths, Self.directory(of: binaryPath)) }
            + extra.map { ($0, "the extra library list", [], "") }
        while !queue.isEmpty {
            let (name, requester, runPaths, origin) = queue.removeFirst()
            if found[name] != nil || name == loaderName { continue }
            let candidates = runPaths.map { $0.replacing("$ORIGIN", with: origin).replacing("${ORIGIN}", with: origin) } + defaults
            var library: (Library, ELFFile)?
            for directory in candidates {
                let path = name.contains("/") ? name : directory + "/" + name
                guard HostFiles.isRegularFile(path), let real = HostFiles.realPath(path) else { continue }
                // A library of another architecture (an i386 copy in /usr/lib32) is skipped, as the loader does.
                guard let elf = try? ELFFile(bytes: HostFiles.read(real), path: real), elf.machine == binary.machine else { continue }
                let realDirectory = HostFiles.realPath(Self.directory(of: path)) ?? Self.directory(of: path)
                let fileName = String(path.split(separator: "/").last!)
                library = (Library(name: name, hostPath: real, imagePath: realDirectory + "/" + fileName), elf)
                break
            }
            guard let (resolved, elf) = library else {
                throw ImageError(
                    "cannot find the shared library \(name), needed by \(requester), in \(candidates.joined(separator: ", ")); "
                    + "install its package (apt-file search \(name)) or build with --static-swift-stdlib")
            }
            found[name] = resolved
            queue += elf.needed.map { ($0, resolved.hostPath, elf.runPaths, Self.directory(of: resolved.hostPath)) }
        }
        return found.values.sorted { $0.imagePath < $1.imagePath }
    }

    /// `/etc/ld.so.conf` (and its `include`s) first, then Debian's multiarch and the plain directories.
    public static func systemDirectories(for machine: ELFFile.Machine) -> [String] {
        var directories = configuredDirectories(file: "/etc/ld.so.conf", depth: 0)
        let triple = machine.multiarchTriple
        directories += ["/lib/\(triple)", "/usr/lib/\(triple)", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    private static func configuredDirectories(file: String, depth: Int) -> [String] {
        guard depth < 4, let text = try? String(decoding: HostFiles.read(file), as: UTF8.self) else { return [] }
        var directories: [String] = []
        for rawLine in text.split(separator: "\n") {
            let line = trimmed(rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            if line.hasPrefix("include ") {
                let pattern = trimmed(line.dropFirst("include ".count))
                for included in glob(pattern) { directories += configuredDirectories(file: included, depth: depth + 1) }
            } else if line.hasPrefix("/") {
                directories.append(line)
            }
        }
        return directories
    }

    /// The files a `dir/*.conf` pattern names, sorted (the only form ld.so.conf uses).
    private static func glob(_ pattern: String) -> [String] {
        let directory = directory(of: pattern)
        let namePattern = String(pattern.split(separator: "/").last ?? "")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let suffix = namePattern.hasPrefix("*") ? String(namePattern.dropFirst()) : nil
        return names.filter { suffix.map($0.hasSuffix) ?? ($0 == namePattern) }.sorted().map { directory + "/" + $0 }
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
