import ArgumentParser
import FoundationEssentials
import TenkaiImage

/// `tenkai image build --product NAME`: a release binary and exactly the files it needs, as an
/// OCI image layout whose digest depends only on them.
struct ImageBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a reproducible OCI image layout from a release binary of this package.",
        discussion: """
            Builds `swift build -c release --static-swift-stdlib --product NAME` (or takes --binary) and adds the ELF \
            loader, every shared library it needs (libcurl, which AWSClient opens with dlopen, included), the CA \
            certificates, /etc/passwd and /etc/group with a non-root user, and the writable directories. Time stamps \
            come from SOURCE_DATE_EPOCH (or 0): the same inputs give the same digest, printed on stdout.
            """)

    @Option(help: "The package's executable product; it names the image and the binary (/usr/local/bin/NAME).")
    var product: String

    @Option(help: ArgumentHelp("Use this Linux binary instead of building the product.", valueName: "path"))
    var binary: String?

    @Option(help: ArgumentHelp("Where the OCI layout goes (default: cloud.out/images/NAME).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("The task definition's user, as uid:gid.", valueName: "uid:gid"))
    var user = "1000:1000"

    @Option(name: .customLong("writable"), help: ArgumentHelp("A directory the task may write to (repeatable; default /tmp).", valueName: "path"))
    var writablePaths: [String] = []

    @Option(name: .customLong("library"), help: ArgumentHelp("Another library the binary opens with dlopen (repeatable).", valueName: "soname"))
    var libraries: [String] = []

    @Option(name: .customLong("file"), help: ArgumentHelp("Another file to copy, as HOST-PATH:IMAGE-PATH (repeatable; e.g. a time zone file).", valueName: "host:image"))
    var files: [String] = []

    @Option(name: .customLong("argument"), help: ArgumentHelp("A default argument (the image's Cmd; repeatable).", valueName: "arg"))
    var arguments: [String] = []

    @Option(name: .customLong("port"), help: "A port the program listens on (repeatable).")
    var ports: [Int] = []

    func run() async throws {
        do {
            let binaryPath = try binary ?? SwiftProductBuild.build(product: product)
            var recipe = ImageRecipe(name: product, binary: binaryPath)
            recipe.user = try ImageUser(taskDefinitionUser: user)
            if !writablePaths.isEmpty { recipe.writablePaths = writablePaths }
            recipe.extraLibraries += libraries
            recipe.arguments = arguments
            recipe.extraFiles = try files.map { (text) throws(ImageError) in
                let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0].hasPrefix("/"), parts[1].hasPrefix("/") else {
                    throw ImageError("--file '\(text)' is not HOST-PATH:IMAGE-PATH with two absolute paths (like /usr/share/zoneinfo/UTC:/etc/localtime)")
                }
                return ImageRecipe.ExtraFile(hostPath: parts[0], imagePath: parts[1])
            }
            recipe.exposedPorts = ports
            recipe.epoch = try Self.sourceDateEpoch(ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"])
            let image = try ImageBuilder().build(recipe, into: output ?? "cloud.out/images/\(product)")
            Console.error("image: \(image.files.count) files in \(image.layout) (\(image.config.architecture), user \(image.config.config.User ?? ""))")
            Console.output(image.manifest.digest)
        } catch let error as ImageError {
            Console.error("error: \(error)")
            throw TenkaiExitCode.failure
        }
    }

    static func sourceDateEpoch(_ text: String?) throws(ImageError) -> Int {
        guard let text, !text.isEmpty else { return 0 }
        guard let seconds = Int(text), seconds >= 0 else {
            throw ImageError("SOURCE_DATE_EPOCH '\(text)' is not a number of seconds since 1970; set it to `git log -1 --format=%ct`, or unset it")
        }
        return seconds
    }
}
